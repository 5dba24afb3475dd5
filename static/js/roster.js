/* Roster editor: select cells with the mouse or keyboard, type a letter to set them.
   Saves go through htmx (the server answers with the changed cells and day statuses,
   swapped out of band); saves are queued so a cell's version is always the latest seen. */
(function () {
  "use strict";
  const grid = document.getElementById("roster-grid");
  if (!grid || !grid.tBodies.length) return;
  const editable = grid.dataset.editable === "1";
  const KEYS = { o: "WFO", h: "WFH", a: "WFA", k: "KL", d: "DL", c: "CUTI", s: "SAKIT", l: "LIBUR" };
  const MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  let anchor = null;
  let focus = null;
  let dragging = false;
  let selectedIds = [];
  let queue = Promise.resolve();

  const rows = () => grid.tBodies[0].rows;
  const isCell = (td) => td && td.classList && td.classList.contains("rc");

  function cellAt(r, c) {
    const row = rows()[r];
    return row ? row.cells[c + 1] : null; // cell 0 is the employee's name
  }

  // A cell's id is c-<employee id>-<yyyymmdd>.
  function employeeAndDay(td) {
    const [, employee, key] = td.id.split("-");
    return [employee, `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6)}`];
  }

  const isEditable = (td) => td && !td.classList.contains("inactive");

  function pos(td) {
    return [td.parentElement.sectionRowIndex, td.cellIndex - 1];
  }

  function paintSelection() {
    grid.querySelectorAll("td.rc.sel").forEach((td) => td.classList.remove("sel"));
    selectedIds.forEach((id) => {
      const td = document.getElementById(id);
      if (td) td.classList.add("sel");
    });
  }

  function select(a, b) {
    selectedIds = [];
    for (let r = Math.min(a[0], b[0]); r <= Math.max(a[0], b[0]); r++) {
      for (let c = Math.min(a[1], b[1]); c <= Math.max(a[1], b[1]); c++) {
        const td = cellAt(r, c);
        if (isCell(td)) selectedIds.push(td.id);
      }
    }
    paintSelection();
  }

  function focusCell(r, c, extend) {
    const td = cellAt(r, c);
    if (!isCell(td)) return;
    if (!extend || !anchor) anchor = [r, c];
    focus = [r, c];
    select(anchor, focus);
    grid.querySelectorAll('td.rc[tabindex="0"]').forEach((x) => { x.tabIndex = -1; });
    td.tabIndex = 0;
    td.focus();
  }

  function restoreFocus() {
    paintSelection();
    if (!focus) return;
    const td = cellAt(focus[0], focus[1]);
    if (!td) return;
    td.tabIndex = 0;
    const active = document.activeElement;
    const typing = active && (active.tagName === "SELECT" || active.tagName === "INPUT");
    if (!typing && !document.querySelector("dialog[open]")) td.focus({ preventScroll: true });
  }

  function leaveType() {
    const select = document.getElementById("roster-leave-type");
    return select ? select.value : "";
  }

  function post(values) {
    if (!editable) return;
    const whole = values.pattern && selectedIds.length <= 1;
    const ids = whole
      ? Array.from(grid.querySelectorAll("td.rc:not(.inactive)"), (td) => td.id)
      : selectedIds.filter((id) => isEditable(document.getElementById(id)));
    if (!ids.length) return;
    ids.forEach((id) => document.getElementById(id).classList.add("saving"));
    queue = queue.then(() => {
      // Read versions now: an earlier save in the queue may have changed them.
      const refs = ids.map((id) => document.getElementById(id)).filter(Boolean)
        .map((td) => `${employeeAndDay(td).join(":")}:${td.dataset.v}`).join(",");
      return htmx.ajax("POST", grid.dataset.setUrl, {
        source: grid, target: "#roster-messages", swap: "innerHTML", values: Object.assign({ cells: refs }, values),
      }).catch(() => {});
    }).then(() => {
      ids.forEach((id) => { const td = document.getElementById(id); if (td) td.classList.remove("saving"); });
      restoreFocus();
    });
  }

  const REMOTE = ["WFH", "WFA", "KL"]; // a day away from one's own office names its place

  function field(id) {
    const input = document.getElementById(id);
    return input ? input.value.trim() : "";
  }

  function setCode(code) {
    const remote = REMOTE.includes(code);
    post({
      code: code, leave_type: code === "CUTI" ? leaveType() : "",
      place: remote ? field("roster-place") : "", wfh_region: remote ? field("roster-region") : "",
    });
  }

  // Undo and redo go through the same queue as saves, so they always act on the latest versions.
  function historyStep(id) {
    const button = document.getElementById(id);
    if (button && !button.disabled) {
      queue = queue.then(() => htmx.ajax("POST", button.dataset.url, {
        source: button, target: "#roster-messages", swap: "innerHTML",
      })).catch(() => {}).then(restoreFocus);
    }
  }

  // The buttons are swapped in after each change: listen on the document.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("#roster-undo, #roster-redo");
    if (button) historyStep(button.id);
  });

  // A whole day from its column header; Shift+click extends from the last day picked.
  let dayAnchor = null;
  function selectDays(button, extend) {
    const header = button.closest("th");
    const column = header.cellIndex - 1;
    const from = extend && dayAnchor !== null ? dayAnchor : column;
    if (!extend || dayAnchor === null) dayAnchor = column;
    const last = rows().length - 1;
    if (last < 0) return;
    anchor = [0, Math.min(from, column)];
    focus = [last, Math.max(from, column)];
    select(anchor, focus);
    selectedIds = selectedIds.filter((id) => isEditable(document.getElementById(id)));
    paintSelection();
    // Focus the day's first cell, so a letter typed now sets the whole selection.
    focus = [0, column];
    const td = cellAt(0, column);
    if (isCell(td)) {
      grid.querySelectorAll('td.rc[tabindex="0"]').forEach((x) => { x.tabIndex = -1; });
      td.tabIndex = 0;
      td.focus({ preventScroll: true });
    }
  }
  grid.querySelectorAll("thead .day-select").forEach((button) => {
    button.addEventListener("click", (event) => selectDays(button, event.shiftKey));
  });

  function showHistory(td) {
    const dialog = document.getElementById("roster-cell-history");
    const [employee, day] = employeeAndDay(td);
    const url = `${grid.dataset.historyUrl}?pegawai=${employee}&tanggal=${day}`;
    htmx.ajax("GET", url, { source: grid, target: dialog.querySelector(".hx-body"), swap: "innerHTML" })
      .then(() => dialog.showModal());
  }

  grid.addEventListener("keydown", (event) => {
    const td = event.target.closest("td.rc");
    if (!td) return;
    const [r, c] = pos(td);
    if (MOVES[event.key]) {
      event.preventDefault();
      focusCell(r + MOVES[event.key][0], c + MOVES[event.key][1], event.shiftKey);
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      post({ code: "" });
      return;
    }
    const key = event.key.toLowerCase();
    if (key === "r") {
      event.preventDefault();
      showHistory(td);
    } else if (KEYS[key]) {
      event.preventDefault();
      setCode(KEYS[key]);
    }
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!(event.ctrlKey || event.metaKey) || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
    const key = event.key.toLowerCase();
    if (key === "z" && !event.shiftKey) {
      event.preventDefault();
      historyStep("roster-undo");
    } else if (key === "y" || (key === "z" && event.shiftKey)) {
      event.preventDefault();
      historyStep("roster-redo");
    }
  });

  grid.addEventListener("mousedown", (event) => {
    const td = event.target.closest("td.rc");
    if (!td || event.button !== 0) return;
    event.preventDefault(); // no text selection while dragging
    const [r, c] = pos(td);
    focusCell(r, c, event.shiftKey);
    dragging = true;
  });
  grid.addEventListener("mouseover", (event) => {
    const td = event.target.closest("td.rc");
    if (!dragging || !td) return;
    focus = pos(td);
    select(anchor, focus);
  });
  document.addEventListener("mouseup", () => { dragging = false; });
  grid.addEventListener("dblclick", (event) => {
    const td = event.target.closest("td.rc");
    if (td) showHistory(td);
  });

  document.querySelectorAll(".roster-toolbar [data-code]").forEach((button) => {
    button.addEventListener("click", () => setCode(button.dataset.code));
  });
  document.querySelectorAll(".roster-toolbar [data-pattern]").forEach((button) => {
    button.addEventListener("click", () => post({ pattern: button.dataset.pattern }));
  });
  // A refused or failed request is not swapped by htmx: say so rather than fail silently. A refused
  // input (400) says what is wrong in its short plain-text body; anything else gets the general words.
  function showFailure(event) {
    const box = document.getElementById("roster-messages");
    const xhr = event.detail && event.detail.xhr;
    const said = xhr && xhr.status === 400 && xhr.responseText.length < 300 ? xhr.responseText.trim() : "";
    const alert = document.createElement("div");
    alert.className = "alert alert-danger py-1 mb-2";
    alert.textContent = said || box.dataset.error;
    box.replaceChildren(alert);
  }
  document.body.addEventListener("htmx:responseError", showFailure);
  document.body.addEventListener("htmx:sendError", showFailure);

  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target && event.detail.target.id === "roster-messages") restoreFocus();
  });

  // The grid fills the window below the sticky toolbar, and the page can scroll no further than
  // to bring the grid up under it: the save message (in the toolbar) and each day's count (the
  // grid's sticky header) stay in view however the officer scrolls.
  const bar = document.getElementById("roster-bar");
  const wrap = grid.closest(".roster-wrap");
  function fitGrid() {
    if (!wrap) return;
    const below = document.documentElement.scrollHeight - (wrap.getBoundingClientRect().bottom + window.scrollY);
    const room = window.innerHeight - (bar ? bar.offsetHeight : 0) - Math.max(below, 0) - 2;
    wrap.style.maxHeight = `${Math.max(room, 240)}px`;
  }
  fitGrid();
  window.addEventListener("resize", fitGrid);
  if (bar && window.ResizeObserver) new ResizeObserver(fitGrid).observe(bar);

  const first = grid.querySelector("td.rc");
  if (first) first.tabIndex = 0;
  grid.addEventListener("focusin", (event) => {
    const td = event.target.closest("td.rc");
    if (td && !focus) { anchor = focus = pos(td); select(anchor, focus); }
  });
})();
