from django.conf import settings

from alongside.policy import Action, networks_visible_to, role_allows

from .middleware import idle_timeout_seconds


def session_timeout(request) -> dict:
    return {
        "idle_timeout_seconds": idle_timeout_seconds(getattr(request, "user", None)),
        "timeout_warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
    }


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "perms_nav": {
            "referrals": role_allows(user, Action.VIEW_REFERRALS),
            "new_referral": role_allows(user, Action.CREATE_REFERRAL),
            "population": role_allows(user, Action.VIEW_POPULATION),
            "programme": role_allows(user, Action.MANAGE_PROGRAMME),
            "find": role_allows(user, Action.VIEW_PARENT),
            "shared": role_allows(user, Action.VIEW_SHARED),
            "data_protection": role_allows(user, Action.VIEW_BREAK_GLASS_LOG),
            "users": role_allows(user, Action.MANAGE_USERS),
            "reports": role_allows(user, Action.VIEW_REPORTS),
            # The network view, for those whose organisation hosts a network.
            "networks": role_allows(user, Action.VIEW_NETWORK)
            and networks_visible_to(user).exists(),
            "manage_networks": role_allows(user, Action.MANAGE_NETWORKS),
            "join_network": role_allows(user, Action.JOIN_NETWORK),
            "directory": role_allows(user, Action.MANAGE_DIRECTORY),
            "partner_access": role_allows(user, Action.MANAGE_PARTNER_ACCESS),
            "refer_as_partner": role_allows(user, Action.REFER_AS_PARTNER),
        }
    }
