/* Data entry without signal: the installable app's page side.
 *
 * - Registers the service worker (workbox-window) and asks it to cache the officer's assigned forms
 *   (the entry pages linked from the page, with their layout, rules and last known values and versions)
 *   and the page of values not sent yet.
 * - Offline, "Lưu nháp" / "Nộp báo cáo" keep the changed values in the phone's storage (IndexedDB
 *   through idb), each with the version of the value it was based on, and say "Chưa gửi — sẽ gửi khi
 *   có mạng" with their count.  The entry page's own checks (entry.js, from the server's rule data)
 *   run as they do online, before anything is kept.
 * - With signal again, the queue of the signed-in user is sent in order to /api/sync as batches with
 *   an id (the same batch is resent after a lost answer and applied once).  Applied values leave the
 *   queue; conflicts and refusals go to the page "Số liệu chưa gửi", where the officer chooses; nothing
 *   is overwritten without that choice.  A queued submission is sent after its values.
 * - Each queued value belongs to the user who typed it: it is sent only when that user is signed in,
 *   and kept for them otherwise.  Signing out clears the cached pages (not the queue).
 */
(function () {
  "use strict";
  var app = document.getElementById("offline-app");
  if (!app || !window.indexedDB || !window.idb) return;
  var cfg = app.dataset;
  var DB = idb.openDB("bacthang-offline", 1, {
    upgrade: function (db) {
      db.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
      db.createObjectStore("conflicts", { keyPath: "id", autoIncrement: true });
      db.createObjectStore("refused", { keyPath: "id", autoIncrement: true });
    }
  });
  var FLASH = "bacthang-offline-flash";

  function all(store) { return DB.then(function (db) { return db.getAll(store); }); }
  function mine(store, user) {
    return all(store).then(function (rows) { return rows.filter(function (r) { return r.user === user; }); });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function newBatchId() {
    var rnd = window.crypto && crypto.getRandomValues ? Array.prototype.map.call(
      crypto.getRandomValues(new Uint8Array(8)), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("")
      : String(Math.random()).slice(2);
    return "lo-" + Date.now().toString(36) + "-" + rnd;
  }

  // ------------------------------------------------------------------ service worker
  if ("serviceWorker" in navigator && window.workbox && cfg.sw) {
    var wb = new workbox.Workbox(cfg.sw, { scope: cfg.scope });
    wb.register().then(function () {
      if (!navigator.onLine) return;
      var urls = [location.pathname + location.search, cfg.pending].concat(JSON.parse(cfg.cache || "[]"));
      return wb.messageSW({ type: "CACHE_URLS", payload: { urlsToCache: urls } });
    }).then(function () { app.dataset.cached = "yes"; }).catch(function () { /* no worker: online only */ });
  }

  // ------------------------------------------------------------------ banner
  function banner() {
    var box = document.getElementById("offline-banner");
    if (!box) return Promise.resolve();
    return Promise.all([mine("queue", cfg.user), mine("conflicts", cfg.user), mine("refused", cfg.user)])
      .then(function (r) {
        var values = r[0].filter(function (q) { return q.kind === "value"; }).length;
        var subs = r[0].length - values;
        box.innerHTML = "";
        if (values || subs) {
          var p = el("p", "notice warn queued-line");
          p.appendChild(el("strong", null, "Chưa gửi — sẽ gửi khi có mạng"));
          p.appendChild(document.createTextNode(": " + values + " số liệu" +
            (subs ? " và " + subs + " lần nộp báo cáo" : "") + " đang lưu trên máy này. "));
          var a = el("a", null, "Xem số liệu chưa gửi");
          a.href = cfg.pending;
          p.appendChild(a);
          box.appendChild(p);
        }
        if (r[1].length || r[2].length) {
          var q = el("p", "notice bad");
          q.appendChild(document.createTextNode(
            (r[1].length ? r[1].length + " số liệu bị xung đột (người khác đã sửa), cần bạn chọn số giữ lại. " : "") +
            (r[2].length ? r[2].length + " số liệu hoặc lần nộp bị từ chối. " : "")));
          var b = el("a", null, "Xem và xử lý");
          b.href = cfg.pending;
          q.appendChild(b);
          box.appendChild(q);
        }
        box.dataset.count = String(values);
        box.hidden = !box.childNodes.length;
      });
  }

  // ------------------------------------------------------------------ sending
  var sending = null;

  function flush() {
    if (sending) return sending;
    if (!navigator.onLine) return Promise.resolve(null);
    sending = fetch(cfg.sync, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (who) { return who && who.user ? sendAll(who) : null; })
      .catch(function () { return null; })
      .then(function (result) { sending = null; return result; });
    return sending;
  }

  function sendAll(who) {
    var total = { applied: 0, conflicts: 0, refused: 0, submitted: 0, pages: {} };
    return DB.then(function (db) {
      return db.getAll("queue").then(function (rows) {
        rows = rows.filter(function (r) { return r.user === who.user; });
        if (!rows.length) return null;
        var fresh = null, tx = db.transaction("queue", "readwrite");
        rows.forEach(function (r) {
          if (!r.batch) { fresh = fresh || newBatchId(); r.batch = fresh; tx.store.put(r); }
        });
        return tx.done.then(function () {
          var order = [], groups = {};
          rows.forEach(function (r) {
            if (!groups[r.batch]) { groups[r.batch] = []; order.push(r.batch); }
            groups[r.batch].push(r);
          });
          return order.reduce(function (chain, id) {
            return chain.then(function (go) { return go === false ? false : sendBatch(db, who, id, groups[id], total); });
          }, Promise.resolve(true)).then(function () { return total; });
        });
      });
    });
  }

  function sendBatch(db, who, id, rows, total) {
    var values = rows.filter(function (r) { return r.kind === "value"; });
    var subs = rows.filter(function (r) { return r.kind === "submit"; });
    var body = {
      batch: id,
      values: values.map(function (r) {
        return { form: r.form, unit: r.unit, period: r.period, key: r.key, value: r.text, base: r.base };
      }),
      submissions: subs.map(function (r) { return { form: r.form, unit: r.unit, period: r.period, comment: r.comment }; })
    };
    return fetch(cfg.sync, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": who.csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return null; });
    }).then(function (answer) {
      if (!answer || !Array.isArray(answer.values) || answer.values.length !== values.length) return false;
      var tx = db.transaction(["queue", "conflicts", "refused"], "readwrite");
      answer.values.forEach(function (res, i) {
        var r = values[i];
        tx.objectStore("queue").delete(r.id);
        total.pages[r.page] = true;
        if (res.status === "applied" || res.status === "unchanged") { total.applied += 1; return; }
        var kept = { user: r.user, form: r.form, unit: r.unit, period: r.period, key: r.key, label: r.label,
                     where: r.where, page: r.page, mine: r.text, base: r.base, at: r.at, message: res.message };
        if (res.status === "conflict") {
          kept.current = res.current;
          tx.objectStore("conflicts").add(kept);
          total.conflicts += 1;
        } else {
          tx.objectStore("refused").add(kept);
          total.refused += 1;
        }
      });
      (answer.submissions || []).forEach(function (res, i) {
        var r = subs[i];
        if (!r) return;
        if (res.status === "waiting") { r.batch = null; tx.objectStore("queue").put(r); return; }
        tx.objectStore("queue").delete(r.id);
        if (res.status === "submitted") { total.submitted += 1; return; }
        tx.objectStore("refused").add({ user: r.user, form: r.form, unit: r.unit, period: r.period, key: "",
                                        label: "Nộp báo cáo", where: r.where, page: r.page, mine: "", at: r.at,
                                        message: res.message });
        total.refused += 1;
      });
      return tx.done.then(function () { return true; });
    });
  }

  function afterSend(result) {
    if (!result) return banner();
    var parts = [];
    if (result.applied) parts.push("Đã gửi " + result.applied + " số liệu lên máy chủ.");
    if (result.submitted) parts.push("Đã nộp " + result.submitted + " báo cáo.");
    if (parts.length) sessionStorage.setItem(FLASH, parts.join(" "));
    if (result.conflicts || result.refused) {
      location.href = cfg.pending;
    } else if (result.applied || result.submitted) {
      location.reload();  // the page shows the stored values and their new versions
    }
    return banner();
  }

  function showFlash() {
    var text = sessionStorage.getItem(FLASH);
    var box = document.getElementById("offline-flash");
    if (!text || !box) return;
    sessionStorage.removeItem(FLASH);
    box.textContent = text;
    box.hidden = false;
  }

  // ------------------------------------------------------------------ entry page
  function initEntry(form) {
    var where = form.dataset.where, page = location.pathname;
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-key]"));
    function hidden(name) { var h = form.elements[name]; return h ? h.value : ""; }
    function same(r) { return r.user === cfg.user && r.form === form.dataset.form && r.unit === form.dataset.unit &&
                              r.period === form.dataset.period; }

    // A cached copy of the page may carry an old "saved" message: offline it says nothing true.
    if (!navigator.onLine) {
      document.querySelectorAll(".messages").forEach(function (m) { m.hidden = true; });
    }
    // Values kept on the phone are shown in their cells (and checked like typed ones).
    var restored = all("queue").then(function (rows) {
      rows.filter(same).forEach(function (r) {
        if (r.kind !== "value") return;
        var inp = inputs.filter(function (i) { return i.dataset.key === r.key; })[0];
        if (!inp) return;
        inp.value = r.text;
        inp.classList.add("queued");
        inp.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });

    function keep(action) {
      var now = new Date().toISOString();
      return restored.then(function () { return DB; }).then(function (db) {
        return db.getAll("queue").then(function (rows) {
          var tx = db.transaction("queue", "readwrite"), byKey = {}, sub = null, n = 0;
          rows.filter(same).forEach(function (r) { if (r.kind === "value") byKey[r.key] = r; else sub = r; });
          inputs.forEach(function (inp) {
            var key = inp.dataset.key, text = inp.value.trim(), old = byKey[key];
            var original = hidden("o:" + key).trim();
            if (text === original) {
              if (old) tx.store.delete(old.id);
              inp.classList.remove("queued");
              return;
            }
            n += 1;
            inp.classList.add("queued");
            if (old && old.text === text) return;
            var row = {
              kind: "value", user: cfg.user, form: form.dataset.form, unit: form.dataset.unit,
              period: form.dataset.period, key: key, text: text, label: inp.getAttribute("aria-label"),
              base: old ? old.base : Number(hidden("ver:" + key) || 0), where: where, page: page, at: now,
              batch: null
            };
            if (old) row.id = old.id;
            tx.store.put(row);
          });
          if (action === "submit") {
            var comment = form.elements.comment ? form.elements.comment.value : "";
            var s = { kind: "submit", user: cfg.user, form: form.dataset.form, unit: form.dataset.unit,
                      period: form.dataset.period, comment: comment, where: where, page: page, at: now, batch: null };
            if (sub) s.id = sub.id;
            tx.store.put(s);
          }
          return tx.done.then(function () { return n; });
        });
      });
    }

    // Is the server there, with this user signed in?  A weak signal often says "online" and then
    // loses the request: a form posted into nothing, or to an expired session, would lose the figures.
    function reachable() {
      if (!navigator.onLine) return Promise.resolve("offline");
      var ctrl = window.AbortController ? new AbortController() : null;
      var timer = setTimeout(function () { if (ctrl) ctrl.abort(); }, 8000);
      return fetch(cfg.sync, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
                               signal: ctrl ? ctrl.signal : undefined })
        .then(function (r) { return r.ok ? r.json() : { user: "" }; })
        .then(function (who) { return who.user === cfg.user ? "ok" : "signed-out"; })
        .catch(function () { return "offline"; })
        .then(function (state) { clearTimeout(timer); return state; });
    }

    form.addEventListener("submit", function (e) {
      if (e.defaultPrevented || form.dataset.posting === "yes") return;  // invalid cells (entry.js), or posting
      e.preventDefault();
      var submitter = e.submitter;
      var action = submitter && submitter.value === "submit" ? "submit" : "save";
      reachable().then(function (state) {
        if (state === "ok") {
          form.dataset.posting = "yes";
          if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
          return;
        }
        return keep(action).then(function (n) {
          var box = document.getElementById("offline-flash");
          if (box) {
            box.textContent = (state === "offline" ? "Không có mạng" : "Phiên đăng nhập đã hết, hãy đăng nhập lại") +
              ": đã lưu " + n + " số liệu trên máy này" +
              (action === "submit" ? " và sẽ nộp báo cáo sau khi các số liệu được nhận" : "") + ".";
            box.hidden = false;
          }
          return banner();
        });
      });
    });
  }

  // ------------------------------------------------------------------ page of values not sent
  function initPending(root) {
    function cell(tr, text, cls) { var td = el("td", cls, text); tr.appendChild(td); return td; }

    function render() {
      return Promise.all([all("queue"), mine("conflicts", cfg.user), mine("refused", cfg.user)]).then(function (r) {
        var queue = r[0].filter(function (q) { return q.user === cfg.user; });
        var others = r[0].length - queue.length;
        var qBody = root.querySelector("#pending-queue tbody");
        qBody.innerHTML = "";
        queue.forEach(function (q) {
          var tr = el("tr");
          cell(tr, q.where || (q.form + " · " + q.unit + " · " + q.period));
          cell(tr, q.kind === "value" ? q.label : "Nộp báo cáo");
          cell(tr, q.kind === "value" ? (q.text || "(xóa số)") : "", "num");
          qBody.appendChild(tr);
        });
        root.querySelector("#pending-queue").hidden = !queue.length;
        root.querySelector("#pending-empty").hidden = !!(queue.length || r[1].length || r[2].length);
        var note = root.querySelector("#pending-others");
        note.hidden = !others;
        note.textContent = others ? others + " mục của người dùng khác đang được giữ trên máy này; chúng chỉ được gửi " +
          "khi chính người đó đăng nhập." : "";

        var list = root.querySelector("#conflict-list");
        list.innerHTML = "";
        r[1].forEach(function (c) {
          var card = el("article", "card conflict");
          card.appendChild(el("h3", null, c.label));
          card.appendChild(el("p", "muted small", c.where || ""));
          var dl = el("dl", "conflict-figures");
          dl.appendChild(el("dt", null, "Số của bạn (nhập khi không có mạng)"));
          dl.appendChild(el("dd", "mine", c.mine || "(xóa số)"));
          dl.appendChild(el("dt", null, "Số hiện có trên máy chủ"));
          dl.appendChild(el("dd", "theirs", c.current && c.current.value ? c.current.value : "(không có số)"));
          dl.appendChild(el("dt", null, "Người sửa"));
          dl.appendChild(el("dd", "who", (c.current && c.current.by) || "không rõ"));
          dl.appendChild(el("dt", null, "Lúc"));
          dl.appendChild(el("dd", "when", (c.current && c.current.at_text) || "không rõ"));
          card.appendChild(dl);
          var actions = el("p", "actions");
          var keepMine = el("button", "primary", "Giữ số của tôi");
          keepMine.type = "button";
          keepMine.addEventListener("click", function () { choose(c, true); });
          var keepTheirs = el("button", null, "Giữ số hiện có");
          keepTheirs.type = "button";
          keepTheirs.addEventListener("click", function () { choose(c, false); });
          actions.appendChild(keepMine);
          actions.appendChild(keepTheirs);
          card.appendChild(actions);
          list.appendChild(card);
        });
        root.querySelector("#conflicts").hidden = !r[1].length;

        var refused = root.querySelector("#refused-list");
        refused.innerHTML = "";
        r[2].forEach(function (f) {
          var li = el("li");
          li.appendChild(el("strong", null, f.label + (f.mine ? " = " + f.mine : "")));
          li.appendChild(document.createTextNode(" (" + (f.where || f.form) + "): " + f.message + " "));
          var drop = el("button", null, "Đã xem, bỏ số này");
          drop.type = "button";
          drop.addEventListener("click", function () {
            DB.then(function (db) { return db.delete("refused", f.id); }).then(render);
          });
          li.appendChild(drop);
          refused.appendChild(li);
        });
        root.querySelector("#refused").hidden = !r[2].length;
      });
    }

    function choose(c, keepMine) {
      DB.then(function (db) {
        var tx = db.transaction(["conflicts", "queue"], "readwrite");
        tx.objectStore("conflicts").delete(c.id);
        if (keepMine) {
          // Sent again on the version now stored: the officer has seen it and chose to replace it.
          tx.objectStore("queue").add({
            kind: "value", user: c.user, form: c.form, unit: c.unit, period: c.period, key: c.key, text: c.mine,
            label: c.label, base: c.current ? c.current.version : 0, where: c.where, page: c.page,
            at: new Date().toISOString(), batch: null
          });
        }
        return tx.done;
      }).then(render).then(flush).then(function (result) {
        if (result && (result.applied || result.submitted)) {
          var msg = root.querySelector("#pending-flash");
          msg.textContent = "Đã gửi " + result.applied + " số liệu lên máy chủ.";
          msg.hidden = false;
        }
        return render();
      });
    }

    var sendNow = root.querySelector("#pending-send");
    sendNow.addEventListener("click", function () { flush().then(render); });
    render();
    return render;
  }

  // ------------------------------------------------------------------ signing out
  // Signing out forgets the cached pages (they hold this user's figures), never the queue: it is
  // the user's and waits for them.
  document.querySelectorAll('form[action="' + cfg.logout + '"]').forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.caches || f.dataset.cleared === "yes") return;
      e.preventDefault();
      f.dataset.cleared = "yes";
      caches.delete("bacthang-forms").catch(function () { return null; }).then(function () { f.submit(); });
    });
  });

  // ------------------------------------------------------------------ start
  showFlash();
  var form = document.getElementById("entry-form");
  var pendingRoot = document.getElementById("pending-app");
  var rerender = null;
  if (form && form.dataset.form && form.querySelector("input[data-key]")) initEntry(form);
  if (pendingRoot) rerender = initPending(pendingRoot);
  banner();
  function online() {
    flush().then(function (result) {
      if (pendingRoot) { if (result) rerender(); return banner(); }
      return afterSend(result);
    });
  }
  window.addEventListener("online", online);
  if (navigator.onLine) online();
})();
