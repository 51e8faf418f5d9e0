// 'Leave this page quickly' in the parent's space. Without JavaScript the button is a plain
// link to a neutral page. With it, the page is replaced (location.replace), so 'Back' does not
// return here, and pressing Shift three times does the same. Kept in a file: the
// Content-Security-Policy forbids inline script.
function leave (event) {
  if (event) event.preventDefault()
  document.body.hidden = true
  window.location.replace(document.querySelector('[data-leave-quickly]').href)
}

const button = document.querySelector('[data-leave-quickly]')
if (button) {
  button.addEventListener('click', leave)
  let presses = 0
  let timer = null
  document.addEventListener('keyup', (event) => {
    if (event.key !== 'Shift') return
    presses += 1
    clearTimeout(timer)
    timer = setTimeout(() => { presses = 0 }, 2000)
    if (presses >= 3) leave()
  })
}
