// Tables on a phone: each row becomes a short list of 'Column: value' lines, so nothing
// scrolls sideways. The column names come from the table's own header row; a table whose
// header spans columns is left as it is and scrolls inside its own box instead.
export function fitTable (table) {
  const headerRows = table.tHead ? table.tHead.rows : []
  if (headerRows.length !== 1) return scrollInBox(table)
  const labels = [...headerRows[0].cells].map(cell =>
    cell.colSpan > 1 ? null : cell.textContent.trim().replace(/\s+/g, ' '))
  if (labels.includes(null)) return scrollInBox(table)
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      if ([...row.cells].some(cell => cell.colSpan > 1)) continue
      ;[...row.cells].forEach((cell, n) => {
        if (labels[n] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', labels[n])
      })
    }
  }
  table.classList.add('app-table--stacks')
}

function scrollInBox (table) {
  if (table.parentElement.classList.contains('app-scroll-x')) return
  const box = document.createElement('div')
  box.className = 'app-scroll-x'
  box.tabIndex = 0
  box.setAttribute('role', 'region')
  box.setAttribute('aria-label', table.caption ? table.caption.textContent.trim() : 'Table')
  table.replaceWith(box)
  box.append(table)
}
