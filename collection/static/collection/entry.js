/* Entry page of a report form: instant feedback while typing.
 *
 * Numbers are read with the rules of bacthang/lib/numbers.py (parse_number, style vi):
 * "1.735,6" and "1735,6" are Vietnamese, "1735.6" is a plain decimal, anything else
 * is refused.  Rules and plausibility use the compiled trees and settings the server
 * put in #entry-data (collection/rules.py), with the same semantics; the server checks
 * everything again on save, submit and upload.
 */
(function () {
  "use strict";
  var dataEl = document.getElementById("entry-data");
  var form = document.getElementById("entry-form");
  if (!dataEl || !form) return;
  var cfg = JSON.parse(dataEl.textContent);
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-key]"));
  if (!inputs.length) return;

  var VI_GROUPED = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
  var VI_SIMPLE = /^[+-]?\d+(,\d+)?$/;
  var PLAIN = /^[+-]?\d+(\.\d+)?$/;
  var SPACES = /[\s\u00a0\u202f\u2009]+/g;
  // Messages, rule phrases and limits come from the server (bacthang/lib/numbers.py,
  // collection/actions.py, collection/rules.py): one definition, the same words offline.
  var MSG = cfg.messages;
  var MAX_ABS = Number(MSG.maxAbs);
  var fmt = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 3 });
  function say(template, vars) {
    return template.replace(/\{(\w+)\}/g, function (m, name) { return vars[name] == null ? m : vars[name]; });
  }

  function short(text) { return text.length <= 40 ? text : text.slice(0, 37) + "\u2026"; }

  function parseNumber(text) {
    var t = (text || "").replace(SPACES, "");
    if (!t) return { empty: true };
    var v = null;
    if (VI_GROUPED.test(t) || VI_SIMPLE.test(t)) v = Number(t.replace(/\./g, "").replace(",", "."));
    else if (PLAIN.test(t)) v = Number(t);
    if (v === null) {
      return { error: say(MSG.notNumber, { text: short(text.trim()) }) };
    }
    if (Math.abs(v) >= MAX_ABS) return { error: say(MSG.tooLarge, { text: short(text.trim()) }) };
    return { value: v };
  }

  function refs(tree, out) {
    out = out || [];
    if (tree.k === "ref") out.push(tree.i + "|" + (tree.o || ""));
    else if (tree.k === "bin") { refs(tree.a, out); refs(tree.b, out); }
    else if (tree.k === "neg") refs(tree.a, out);
    return out;
  }

  function ev(tree, values, additive) {
    if (additive === undefined) additive = true;
    if (tree.k === "num") return Number(tree.v);
    if (tree.k === "ref") {
      var v = values[tree.i + "|" + (tree.o || "")];
      if (v == null && !additive) throw new Error("absent");  // a missing factor is not 0
      return v == null ? 0 : v;
    }
    if (tree.k === "neg") return -ev(tree.a, values, additive);
    var inner = additive && (tree.op === "+" || tree.op === "-");
    var a = ev(tree.a, values, inner), b = ev(tree.b, values, inner);
    if (tree.op === "+") return a + b;
    if (tree.op === "-") return a - b;
    if (tree.op === "*") return a * b;
    if (b === 0) throw new Error("div0");
    return a / b;
  }

  function side(tree, values) {
    var keys = refs(tree);
    if (keys.length && keys.every(function (k) { return values[k] == null; })) return null;
    try { return ev(tree, values); } catch (e) { return null; }
  }

  function holds(op, l, r, tol) {
    var eps = 1e-9;
    if (op === "==") return Math.abs(l - r) <= tol + eps;
    if (op === "<=") return l <= r + tol + eps;
    if (op === ">=") return l >= r - tol - eps;
    if (op === "<") return l < r;
    if (op === ">") return l > r;
    return Math.abs(l - r) > tol + eps;
  }

  function plausibility(key, value) {
    var c = cfg.cells[key], out = [];
    if (!c) return out;
    var p = c.plaus, m = c.measure;
    if (p.min != null && value < Number(p.min)) {
      out.push(c.label + ": " + fmt.format(value) + " " + m + " nhỏ hơn mức tối thiểu hợp lý " + fmt.format(Number(p.min)) + " " + m + ".");
    }
    if (p.max != null && value > Number(p.max)) {
      out.push(c.label + ": " + fmt.format(value) + " " + m + " lớn hơn mức tối đa hợp lý " + fmt.format(Number(p.max)) + " " + m + ".");
    }
    var ref = c.ref == null ? null : Number(c.ref), ratio = p.ratio == null ? null : Number(p.ratio);
    if (ratio && ref != null && ref > 0 && value > 0) {
      var hist = c.history.map(function (h) { return h[0] + " = " + fmt.format(Number(h[1])); }).join("; ");
      if (value > ref * ratio) {
        out.push(c.label + ": " + fmt.format(value) + " " + m + " gấp " + new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(value / ref) +
                 " lần cùng kỳ các năm trước (" + hist + "); ngưỡng " + fmt.format(ratio) + " lần.");
      } else if (value * ratio < ref) {
        out.push(c.label + ": " + fmt.format(value) + " " + m + " chỉ bằng " + new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(value / ref * 100) +
                 "% cùng kỳ các năm trước (" + hist + "); ngưỡng 1/" + fmt.format(ratio) + ".");
      }
    }
    return out;
  }

  function msgFor(key) { return form.querySelector('[data-msg="' + CSS.escape(key) + '"]'); }

  function run() {
    var values = {}, invalid = 0;
    Object.keys(cfg.fixed).forEach(function (k) { values[k] = Number(cfg.fixed[k]); });
    inputs.forEach(function (inp) {
      var key = inp.dataset.key, r = parseNumber(inp.value), cell = cfg.cells[key] || {};
      var msg = msgFor(key);
      inp.classList.remove("invalid", "warn", "bad");
      inp.removeAttribute("aria-invalid");
      delete values[key];
      if (r.error) {
        invalid += 1;
        inp.classList.add("invalid");
        inp.setAttribute("aria-invalid", "true");
        if (msg) msg.textContent = r.error;
        return;
      }
      if (!r.empty && cell.nonneg && r.value < 0) {
        invalid += 1;
        inp.classList.add("invalid");
        inp.setAttribute("aria-invalid", "true");
        var neg = say(MSG.negative, { value: fmt.format(r.value), measure: cell.measure });
        if (msg) msg.textContent = neg.charAt(0).toUpperCase() + neg.slice(1);
        return;
      }
      if (msg) msg.textContent = r.empty ? "" : "= " + fmt.format(r.value);
      if (!r.empty) values[key] = r.value;
    });
    // live totals of rows whose total is the sum of their options
    cfg.totals.forEach(function (t) {
      var have = t.parts.filter(function (k) { return values[k] != null; });
      var sum = have.reduce(function (s, k) { return s + values[k]; }, 0);
      if (t.computed) {
        var out = form.querySelector('[data-total="' + CSS.escape(t.total) + '"]');
        if (out) out.textContent = have.length ? fmt.format(sum) : "";
      } else if (have.length) {
        var m = msgFor(t.total);
        if (m && values[t.total] != null) m.textContent = "= " + fmt.format(values[t.total]) + " · cộng các nhóm " + fmt.format(sum);
        else if (m && values[t.total] == null) m.textContent = "cộng các nhóm " + fmt.format(sum);
      }
    });
    var problems = [];
    cfg.rules.forEach(function (rule) {
      if (rule.all && rule.keys.some(function (k) { return values[k] == null; })) return;
      var l = side(rule.left, values), r = side(rule.right, values);
      if (l == null || r == null || holds(rule.op, l, r, Number(rule.tol))) return;
      var text = rule.prefix
        ? rule.prefix + fmt.format(l) + " " + rule.phrase + " " + fmt.format(r) + "."
        : rule.lead + rule.leftLabel + " (" + fmt.format(l) + ") " + rule.phrase + " " + rule.rightLabel + " (" + fmt.format(r) + ").";
      if (rule.diff) text = text.slice(0, -1) + "; lệch " + fmt.format(Math.abs(l - r)) + ".";
      problems.push({ imp: rule.imp, keys: rule.keys, text: text });
    });
    inputs.forEach(function (inp) {
      var key = inp.dataset.key;
      if (values[key] == null) return;
      plausibility(key, values[key]).forEach(function (t) { problems.push({ imp: "warning", keys: [key], text: t }); });
    });
    problems.forEach(function (p) {
      p.keys.forEach(function (k) {
        var inp = form.querySelector('input[data-key="' + CSS.escape(k) + '"]');
        if (inp) inp.classList.add(p.imp === "error" ? "bad" : "warn");
      });
    });
    var list = document.getElementById("check-list"), summary = document.getElementById("check-summary");
    if (list) {
      list.innerHTML = "";
      problems.forEach(function (p) {
        var li = document.createElement("li");
        li.className = "check-" + p.imp;
        li.textContent = (p.imp === "error" ? "Lỗi: " : "Cảnh báo: ") + p.text;
        list.appendChild(li);
      });
    }
    if (summary) {
      var n = problems.length + invalid;
      summary.textContent = n ? (invalid ? invalid + " ô không hợp lệ. " : "") +
        (problems.length ? problems.length + " vấn đề cần xem lại." : "") : "Không có lỗi hay cảnh báo.";
    }
    return { invalid: invalid, problems: problems };
  }

  // Why a save or a submission was stopped: at the top of the form, and beside each cell (data-msg).
  var alertBox = null;
  function showBlocked(invalid) {
    if (!alertBox) {
      alertBox = document.createElement("div");
      alertBox.id = "entry-alert";
      alertBox.className = "notice bad";
      alertBox.setAttribute("role", "alert");
      form.insertBefore(alertBox, form.firstChild);
    }
    alertBox.innerHTML = "";
    var head = document.createElement("p");
    head.textContent = "Chưa lưu: " + invalid + " ô không hợp lệ. Sửa các ô được đánh dấu đỏ rồi bấm lại.";
    alertBox.appendChild(head);
    var list = document.createElement("ul");
    form.querySelectorAll("input.invalid").forEach(function (inp) {
      var li = document.createElement("li"), a = document.createElement("a");
      var msg = msgFor(inp.dataset.key);
      if (!inp.id) inp.id = "cell-" + inp.dataset.key.replace(/[^A-Za-z0-9_-]/g, "-");
      a.href = "#" + inp.id;
      a.textContent = inp.getAttribute("aria-label") + ": " + (msg ? msg.textContent : "không hợp lệ");
      a.addEventListener("click", function (ev) { ev.preventDefault(); inp.focus(); });
      li.appendChild(a);
      list.appendChild(li);
    });
    alertBox.appendChild(list);
    alertBox.hidden = false;
  }

  inputs.forEach(function (inp) {
    inp.addEventListener("input", function () {
      var state = run();
      if (alertBox && !alertBox.hidden) {
        if (state.invalid) showBlocked(state.invalid);
        else alertBox.hidden = true;
      }
    });
  });
  form.addEventListener("submit", function (e) {
    var state = run();
    if (state.invalid) {
      e.preventDefault();
      showBlocked(state.invalid);
      var first = form.querySelector("input.invalid");
      if (first) first.focus();
    }
  });
  run();
})();
