"""Actions where Flatfile shows them (workbook buttons, the sheet's Actions menu, a column's
menu, a document, a file), the form and confirmation they ask for, the job they run in the
background and its outcome; and the Space's Listeners page, where its listener code is allowed."""
