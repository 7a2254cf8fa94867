/* Bậc Thang — pickers of the filter forms (web/pickers.py).
 *
 * <select data-unit-picker> gets a search box above it: typing filters the units by name
 * or code, whatever the case and the diacritics ("pa u" finds "Xã Pa Ủ").
 * <input data-period-picker="month quarter half year" data-years="2019-2027"> becomes
 * selects of period type, year and month (quarter, half): the hidden field keeps the
 * period code the server reads ("202612", "2026Q4", "2026S1", "2026").
 */
(function () {
  "use strict";

  function fold(s) {
    return s.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function unitPicker(select) {
    if (select.dataset.enhanced) return;
    select.dataset.enhanced = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = "Gõ tên hoặc mã đơn vị để lọc…";
    box.setAttribute("aria-label", "Lọc theo tên hoặc mã");
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var terms = fold(box.value).split(/\s+/).filter(Boolean), first = null;
      Array.prototype.forEach.call(select.options, function (o) {
        var text = fold(o.textContent), shown = terms.every(function (t) { return text.indexOf(t) >= 0; });
        o.hidden = !shown;
        o.disabled = !shown && !o.selected;
        if (shown && first === null) first = o;
      });
      if (terms.length && first && select.selectedOptions.length && select.selectedOptions[0].hidden) {
        first.selected = true;
      }
    });
  }

  var TYPES = { month: "Tháng", quarter: "Quý", half: "6 tháng", year: "Năm" };

  function parse(code) {
    var m;
    if ((m = /^(\d{4})(\d{2})$/.exec(code))) return { type: "month", year: +m[1], part: +m[2] };
    if ((m = /^(\d{4})Q(\d)$/i.exec(code))) return { type: "quarter", year: +m[1], part: +m[2] };
    if ((m = /^(\d{4})S(\d)$/i.exec(code))) return { type: "half", year: +m[1], part: +m[2] };
    if ((m = /^(\d{4})$/.exec(code))) return { type: "year", year: +m[1], part: 0 };
    return null;
  }

  function compose(type, year, part) {
    if (type === "month") return year + (part < 10 ? "0" : "") + part;
    if (type === "quarter") return year + "Q" + part;
    if (type === "half") return year + "S" + part;
    return String(year);
  }

  function option(value, text, selected) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text; o.selected = !!selected;
    return o;
  }

  function select(label, cls) {
    var s = document.createElement("select");
    s.setAttribute("aria-label", label);
    s.className = cls;
    return s;
  }

  function periodPicker(input) {
    if (input.dataset.enhanced) return;
    var types = input.dataset.periodPicker.split(/\s+/).filter(function (t) { return TYPES[t]; });
    if (!types.length) return;
    var now = new Date(), span = (input.dataset.years || "").split("-");
    var first = +span[0] || now.getFullYear() - 5, last = +span[1] || now.getFullYear() + 1;
    var current = parse(input.value.trim());
    if (input.value.trim() && (!current || types.indexOf(current.type) < 0)) return;  // a season, a term: keep typing
    input.dataset.enhanced = "1";
    if (!current) {
      var t = types[0], m = now.getMonth();  // last month, last quarter, this year
      current = { type: t, year: now.getFullYear(), part: t === "month" ? (m || 12) : t === "quarter" ? Math.floor(m / 3) || 4 : t === "half" ? 1 : 0 };
      if (t === "month" && m === 0) current.year -= 1;
    }
    var wrap = document.createElement("span");
    wrap.className = "period-picker";
    wrap.setAttribute("role", "group");
    var label = document.querySelector('label[for="' + input.id + '"]');
    if (label) { label.id = label.id || input.id + "-label"; wrap.setAttribute("aria-labelledby", label.id); }
    var typeSel = select("Loại kỳ", "period-type"), yearSel = select("Năm", "period-year"), partSel = select("Tháng", "period-part");
    types.forEach(function (t) { typeSel.appendChild(option(t, TYPES[t], t === current.type)); });
    for (var y = last; y >= first; y--) yearSel.appendChild(option(y, "Năm " + y, y === current.year));
    function parts() {
      var t = typeSel.value, keep = +partSel.value || current.part;
      partSel.innerHTML = "";
      partSel.hidden = t === "year";
      var n = t === "month" ? 12 : t === "quarter" ? 4 : t === "half" ? 2 : 0;
      partSel.setAttribute("aria-label", t === "quarter" ? "Quý" : t === "half" ? "Nửa năm" : "Tháng");
      for (var i = 1; i <= n; i++) {
        var text = t === "month" ? "Tháng " + i : t === "quarter" ? "Quý " + ["I", "II", "III", "IV"][i - 1] : (i === 1 ? "6 tháng đầu năm" : "6 tháng cuối năm");
        partSel.appendChild(option(i, text, i === Math.min(keep, n)));
      }
    }
    function update() { input.value = compose(typeSel.value, +yearSel.value, +partSel.value); }
    parts();
    if (types.length > 1) wrap.appendChild(typeSel);
    else typeSel.hidden = true, wrap.appendChild(typeSel);
    wrap.appendChild(partSel);
    wrap.appendChild(yearSel);
    typeSel.addEventListener("change", function () { parts(); update(); });
    yearSel.addEventListener("change", update);
    partSel.addEventListener("change", update);
    input.type = "hidden";
    input.parentNode.insertBefore(wrap, input.nextSibling);
    if (label) label.htmlFor = types.length > 1 ? (typeSel.id = input.id + "-type") : (partSel.id = input.id + "-part");
    update();
  }

  function enhance(root) {
    (root || document).querySelectorAll("select[data-unit-picker]").forEach(unitPicker);
    (root || document).querySelectorAll("input[data-period-picker]").forEach(periodPicker);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { enhance(); });
  else enhance();
  if (window.htmx) window.htmx.onLoad(enhance);
})();
