// Injected last, after walk-spec.js and content.js, in the one `executeScript` call a click makes
// (see background.js): the value of its last expression is the injection's result, so the call
// that puts the content script in the page also brings back its answer, the page's last outcome
// if it still holds or else a new snapshot, and a click costs one round trip less.
globalThis.sourcelightContent.answer(globalThis.sourcelightWalkSpec, true);
