// GOV.UK-style time-out warning: a modal two minutes before the session ends, with a
// choice to stay signed in. At time-out, drafts are flushed and the person is sent to sign in.
export function startTimeoutWarning (dialog) {
  if (!dialog || typeof dialog.showModal !== 'function') return
  const timeout = Number(dialog.dataset.timeoutSeconds) * 1000
  const warning = Number(dialog.dataset.warningSeconds) * 1000
  const countdown = dialog.querySelector('.app-timeout-countdown')
  let deadline = Date.now() + timeout
  let ticking = null

  const describe = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000))
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60)
      return `${minutes} minute${minutes === 1 ? '' : 's'}`
    }
    return `${seconds} second${seconds === 1 ? '' : 's'}`
  }

  const check = () => {
    const left = deadline - Date.now()
    if (left <= 0) {
      clearInterval(ticking)
      leave()
      return
    }
    if (left <= warning && !dialog.open) {
      dialog.showModal()
      dialog.querySelector('[data-timeout-action="stay"]').focus()
    }
    if (dialog.open && countdown) countdown.textContent = describe(left)
  }

  // Let forms save what was typed (at most 2 seconds), then go to the sign-in page.
  const leave = async () => {
    const waitFor = []
    document.dispatchEvent(new CustomEvent('app:before-timeout', { detail: { waitFor } }))
    const pause = new Promise((resolve) => setTimeout(resolve, 2000))
    await Promise.race([Promise.allSettled(waitFor), pause])
    window.location.href = dialog.dataset.signOutUrl
  }

  const stay = async () => {
    const token = document.querySelector('input[name="csrfmiddlewaretoken"]')
    try {
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        method: 'POST',
        headers: { Accept: 'application/json', 'X-CSRFToken': token ? token.value : '' },
        credentials: 'same-origin'
      })
      if (response.ok) deadline = Date.now() + timeout
    } finally {
      dialog.close()
    }
  }

  dialog.querySelector('[data-timeout-action="stay"]').addEventListener('click', stay)
  dialog.addEventListener('cancel', (event) => { event.preventDefault(); stay() })
  ticking = setInterval(check, 1000)
  window.addEventListener('pagehide', () => clearInterval(ticking))
}
