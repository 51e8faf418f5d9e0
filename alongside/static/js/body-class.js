// Tells GOV.UK Frontend's CSS that JavaScript is running. Kept in a file so the
// Content-Security-Policy can forbid inline script.
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
