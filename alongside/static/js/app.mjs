// Starts GOV.UK Frontend and MOJ Frontend, the time-out warning, form drafts and tables that
// fit a phone.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'
import { initAll as initMoj } from '../vendor/moj/moj-frontend.min.js'
import { startTimeoutWarning } from './timeout-warning.mjs'
import { startFormDrafts } from './form-drafts.mjs'
import { startJobProgress } from './job-progress.mjs'
import { fitTable } from './narrow-tables.mjs'

initAll()
initMoj()
startTimeoutWarning(document.getElementById('timeout-warning'))
for (const element of document.querySelectorAll('[data-module="job-progress"]')) {
  startJobProgress(element)
}
for (const form of document.querySelectorAll('form[data-draft-key]')) {
  startFormDrafts(form)
}
for (const table of document.querySelectorAll('main table')) {
  fitTable(table)
}
