// Shows a background job's progress without reloading the page (a timed reload would take
// the page away from people using screen readers or zoom), and reloads once when it finishes.
const POLL_MS = 2000

export function startJobProgress (element) {
  const url = element.dataset.progressUrl
  const status = element.querySelector('.app-job-status')
  const percent = element.querySelector('.app-job-percent')
  const bar = element.querySelector('progress')

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) return
      const job = await response.json()
      if (job.finished) {
        window.location.reload()
        return
      }
      status.textContent = job.stage ? `${job.status}: ${job.stage}` : job.status
      percent.textContent = `${job.percent}% of this stage done.`
      bar.value = job.percent
    } catch (error) {
      // Offline for a moment: try again at the next poll.
    }
    setTimeout(poll, POLL_MS)
  }
  setTimeout(poll, POLL_MS)
}
