// Saves what a person types to the server every few seconds, so a time-out or a dropped
// connection loses nothing. When the server cannot be reached the draft waits in this
// browser tab's session storage and is sent when the connection returns.
const SAVE_DELAY_MS = 1500

export function startFormDrafts (form) {
  const key = form.dataset.draftKey
  const url = form.dataset.draftUrl
  const status = form.querySelector('.app-draft-status')
  const token = form.querySelector('input[name="csrfmiddlewaretoken"]')
  const pendingKey = `alongside-draft:${key}`
  let timer = null

  const fields = () => {
    const data = {}
    for (const [name, value] of new FormData(form).entries()) {
      if (name === 'csrfmiddlewaretoken' || typeof value !== 'string') continue
      ;(data[name] = data[name] || []).push(value)
    }
    return data
  }

  const send = async (payload) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRFToken': token ? token.value : ''
      },
      credentials: 'same-origin',
      body: JSON.stringify(payload),
      redirect: 'error',
      keepalive: true
    })
    const answer = response.ok ? await response.json() : {}
    if (!answer.saved) throw new Error(`draft not saved: ${response.status}`)
  }

  const save = async () => {
    const payload = { form_key: key, fields: fields() }
    try {
      await send(payload)
      sessionStorage.removeItem(pendingKey)
      if (status) status.textContent = 'Your answers have been saved as a draft.'
    } catch (error) {
      sessionStorage.setItem(pendingKey, JSON.stringify(payload))
      if (status) status.textContent = 'We could not save a draft just now. We will try again when you are back online.'
    }
  }

  const later = () => { clearTimeout(timer); timer = setTimeout(save, SAVE_DELAY_MS) }
  form.addEventListener('input', later)
  form.addEventListener('change', later)
  // At time-out, the warning waits (briefly) for this last save before leaving the page.
  document.addEventListener('app:before-timeout', (event) => {
    clearTimeout(timer)
    event.detail.waitFor.push(save())
  })
  window.addEventListener('online', () => {
    const pending = sessionStorage.getItem(pendingKey)
    if (pending) send(JSON.parse(pending)).then(() => sessionStorage.removeItem(pendingKey), () => {})
  })
  form.addEventListener('submit', () => { clearTimeout(timer); sessionStorage.removeItem(pendingKey) })
}
