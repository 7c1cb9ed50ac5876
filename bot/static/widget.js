/* faqbot web chat: the chat page (data-mode="page") and the embeddable widget.
   <script src="https://HOST/widget.js" data-lang="fr" async></script>
   No framework, no build step. User text is only ever set as text; answers are rebuilt
   with DOM calls from the Telegram HTML subset (b, i, links to https). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !Element.prototype.attachShadow) return;
  var BASE = new URL(script.src, location.href).origin;
  var PAGE = script.getAttribute("data-mode") === "page";
  var TIMEOUT = Number(script.getAttribute("data-timeout")) || 15000; // ms
  var KEEP = 50; // messages kept in sessionStorage

  var T = {
    fr: {
      title: "Questions sur le bac à sable données personnelles de la CNIL",
      short: "Bac à sable CNIL : vos questions",
      launcher: "Une question sur le bac à sable CNIL ?",
      close: "Fermer",
      log: "Conversation",
      label: "Votre question",
      hint: "En français ou en anglais, en quelques mots.",
      send: "Envoyer",
      searching: "Recherche…",
      you: "Vous :",
      bot: "Assistant :",
      tools: "Autres actions",
      topics: "Thèmes",
      help: "Aide",
      privacy: "Vos données",
      forget: "Effacer mes questions",
      other: "English",
      otherLang: "en",
      choices: "Questions proposées",
      feedback: "Cette réponse vous a-t-elle aidé ?",
      up: "Oui, utile",
      down: "Non, pas utile",
      empty: "Écrivez d'abord votre question.",
      network: "Impossible de joindre le service. Vérifiez votre connexion, puis réessayez : votre question est gardée.",
      timeout: "Le service met trop de temps à répondre. Réessayez : votre question est gardée.",
      busy: "Trop de messages d'un coup. Patientez quelques secondes, puis réessayez.",
      server: "Le service a rencontré un problème. Réessayez dans un instant.",
      retry: "Réessayer"
    },
    en: {
      title: "Questions about the CNIL's personal-data sandbox",
      short: "CNIL sandbox: your questions",
      launcher: "A question about the CNIL sandbox?",
      close: "Close",
      log: "Conversation",
      label: "Your question",
      hint: "In English or French, in a few words.",
      send: "Send",
      searching: "Searching…",
      you: "You:",
      bot: "Assistant:",
      tools: "Other actions",
      topics: "Topics",
      help: "Help",
      privacy: "Your data",
      forget: "Erase my questions",
      other: "Français",
      otherLang: "fr",
      choices: "Suggested questions",
      feedback: "Did this answer help you?",
      up: "Yes, helpful",
      down: "No, not helpful",
      empty: "Please type your question first.",
      network: "Cannot reach the service. Check your connection, then try again: your question is kept.",
      timeout: "The service is taking too long to answer. Try again: your question is kept.",
      busy: "Too many messages at once. Please wait a few seconds, then try again.",
      server: "The service ran into a problem. Please try again in a moment.",
      retry: "Try again"
    }
  };

  // -- state, kept for the tab in sessionStorage ------------------------------------------
  function load(key) {
    try { return window.sessionStorage.getItem("faqbot." + key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.sessionStorage.setItem("faqbot." + key, value); } catch (e) { /* private mode */ }
  }
  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }
  var conversation = load("conversation");
  if (!conversation || !/^[0-9a-f]{32}$/.test(conversation)) {
    conversation = newId();
    save("conversation", conversation);
  }
  var asked = script.getAttribute("data-lang") || document.documentElement.lang || "fr";
  var lang = load("lang") || (/^en/i.test(asked) ? "en" : "fr");
  var messages = [];
  try { messages = JSON.parse(load("messages") || "[]"); } catch (e) { messages = []; }
  if (!Array.isArray(messages)) messages = [];
  var pending = false;
  var waiting = false; // a question typed while the previous answer was on its way

  // -- DOM helpers ------------------------------------------------------------------------
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") el.textContent = attrs[k];
      else if (k === "on") Object.keys(attrs.on).forEach(function (e) { el.addEventListener(e, attrs.on[e]); });
      else if (attrs[k] !== null && attrs[k] !== undefined) el.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) el.appendChild(c); });
    return el;
  }
  function hidden(text) { return h("span", { "class": "sr-only", text: text }); }

  // Answers: the Telegram HTML subset, rebuilt node by node; anything else becomes text.
  var TAGS = { B: "b", STRONG: "b", I: "i", EM: "i", U: "u", S: "s", CODE: "code", PRE: "pre", BLOCKQUOTE: "blockquote" };
  function rebuild(from, to) {
    Array.prototype.forEach.call(from.childNodes, function (node) {
      if (node.nodeType === 3) { to.appendChild(document.createTextNode(node.nodeValue)); return; }
      if (node.nodeType !== 1) return;
      var el;
      if (node.tagName === "A" && /^https:\/\/[^\s]+$/i.test(node.getAttribute("href") || "")) {
        el = h("a", { href: node.getAttribute("href"), rel: "noopener noreferrer" });
      } else if (TAGS[node.tagName]) {
        el = document.createElement(TAGS[node.tagName]);
      } else {
        el = document.createDocumentFragment();
      }
      rebuild(node, el);
      to.appendChild(el);
    });
  }
  function answer(html) {
    var body = h("div", { "class": "body" });
    rebuild(new DOMParser().parseFromString(html, "text/html").body, body);
    return body;
  }

  // -- the interface ----------------------------------------------------------------------
  var host = PAGE ? document.getElementById(script.getAttribute("data-target") || "") : null;
  if (!host) {
    host = document.createElement("faqbot-chat");
    document.body.appendChild(host);
  }
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(h("link", { rel: "stylesheet", href: BASE + "/widget.css" }));

  var ui = {};
  ui.title = h(PAGE ? "h1" : "h2", { id: "faqbot-title", "class": "title" });
  ui.switchLang = h("button", { type: "button", "class": "lang", on: { click: function () { switchLang(T[lang].otherLang); } } });
  ui.close = PAGE ? null : h("button", { type: "button", "class": "close", on: { click: close } }, [
    h("span", { "aria-hidden": "true", text: "×" }), ui.closeText = hidden("")
  ]);
  ui.log = h("div", { "class": "log", role: "log", "aria-live": "polite" });
  if (!PAGE) ui.log.setAttribute("tabindex", "0"); // a scrolling region must be reachable
  ui.status = h("p", { "class": "status", role: "status" });
  ui.alert = h("div", { "class": "alert", role: "alert" });
  ui.input = h("input", {
    id: "faqbot-question", name: "question", type: "text", autocomplete: "off",
    maxlength: "4096", "aria-describedby": "faqbot-hint"
  });
  ui.label = h("label", { "for": "faqbot-question" });
  ui.hint = h("p", { id: "faqbot-hint", "class": "hint" });
  ui.send = h("button", { type: "submit", "class": "send" });
  ui.form = h("form", { "class": "composer", novalidate: "", on: { submit: submit } }, [
    ui.label, ui.hint, h("div", { "class": "row" }, [ui.input, ui.send])
  ]);
  ui.tools = {};
  ui.nav = h("nav", { "class": "tools" }, ["topics", "help", "privacy", "forget"].map(function (name) {
    ui.tools[name] = h("button", { type: "button", on: { click: function () { command(name); } } });
    return ui.tools[name];
  }));
  ui.panel = h("section", { "class": PAGE ? "panel page" : "panel", id: "faqbot-panel", "aria-labelledby": "faqbot-title" }, [
    h("header", {}, [ui.title, h("div", { "class": "actions" }, [ui.switchLang, ui.close])]),
    ui.log, ui.status, ui.alert, ui.form, ui.nav
  ]);
  if (!PAGE) {
    ui.panel.setAttribute("role", "dialog");
    ui.panel.hidden = true;
    ui.panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); close(); } });
    ui.launcher = h("button", {
      type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "faqbot-panel",
      on: { click: function () { if (ui.panel.hidden) open(); else close(); } }
    }, [h("span", { "class": "icon", "aria-hidden": "true", text: "?" }), ui.launcherText = h("span", {})]);
    root.appendChild(ui.launcher);
  }
  ui.root = h("div", { "class": "root" }, [ui.panel]);

  function labels() {
    var t = T[lang];
    ui.root.setAttribute("lang", lang);
    ui.title.textContent = PAGE ? t.title : t.short;
    ui.switchLang.textContent = t.other;
    ui.switchLang.setAttribute("lang", t.otherLang);
    if (ui.closeText) ui.closeText.textContent = t.close;
    if (ui.launcherText) ui.launcherText.textContent = t.launcher;
    ui.log.setAttribute("aria-label", t.log);
    ui.label.textContent = t.label;
    ui.hint.textContent = t.hint;
    ui.send.textContent = t.send;
    ui.nav.setAttribute("aria-label", t.tools);
    Object.keys(ui.tools).forEach(function (k) { ui.tools[k].textContent = t[k]; });
    if (pending) ui.status.textContent = t.searching;
    if (PAGE) {
      document.documentElement.lang = lang;
      document.title = t.title;
    }
  }

  // -- messages ---------------------------------------------------------------------------
  function render(message) {
    var t = T[lang];
    var el = h("div", { "class": "msg " + message.who, lang: message.lang || lang });
    if (message.who === "user") {
      el.appendChild(hidden(t.you + " "));
      el.appendChild(h("p", { "class": "body", text: message.text }));
      return el;
    }
    el.appendChild(hidden(t.bot + " "));
    el.appendChild(answer(message.html || ""));
    var buttons = message.buttons || [];
    var choices = buttons.filter(function (b) { return b.kind !== "feedback"; });
    var votes = buttons.filter(function (b) { return b.kind === "feedback"; });
    if (choices.length) {
      el.appendChild(h("div", { "class": "choices", role: "group", "aria-label": t.choices }, choices.map(function (b) {
        return h("button", { type: "button", lang: b.kind === "lang" ? b.action.slice(2) : null, on: { click: function () { choose(b); } } }, [document.createTextNode(b.label)]);
      })));
    }
    if (votes.length) {
      var question = h("span", { "class": "question", text: t.feedback });
      var group = h("div", { "class": "votes", role: "group" }, [question].concat(votes.map(function (b) {
        var up = /:1$/.test(b.action);
        return h("button", { type: "button", on: { click: function () { vote(message, b); } } }, [
          h("span", { "aria-hidden": "true", text: up ? "👍" : "👎" }), hidden(up ? t.up : t.down)
        ]);
      })));
      question.id = "faqbot-q" + Math.random().toString(36).slice(2);
      group.setAttribute("aria-labelledby", question.id);
      el.appendChild(group);
    }
    return el;
  }
  function show(message, store) {
    if (store !== false) {
      messages.push(message);
      persist();
    }
    var el = render(message);
    message.el = el;
    ui.log.appendChild(el);
    // An answer is shown from its first line; the page scrolls, the widget's log scrolls.
    var top = message.who === "bot";
    if (PAGE) el.scrollIntoView({ block: top ? "start" : "nearest" });
    else ui.log.scrollTop = top ? el.offsetTop - ui.log.offsetTop - 8 : ui.log.scrollHeight;
  }
  function persist() {
    save("messages", JSON.stringify(messages.slice(-KEEP).map(function (m) {
      return { who: m.who, text: m.text, html: m.html, lang: m.lang, buttons: m.buttons };
    })));
  }
  function redraw() {
    ui.log.textContent = "";
    messages.forEach(function (m) { show(m, false); });
  }

  // -- talking to the server ---------------------------------------------------------------
  function post(body, done) {
    if (pending) return;
    pending = true;
    ui.alert.textContent = "";
    ui.status.textContent = T[lang].searching;
    ui.status.classList.add("busy");
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT);
    var payload = Object.assign({ conversation: conversation, lang: lang }, body);
    fetch(BASE + "/api/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (r) {
      if (r.status === 429) throw new Error("busy");
      if (!r.ok) throw new Error("server");
      return r.json();
    }).then(function (data) {
      finish();
      done(data);
      if (waiting) { waiting = false; send(); }
    }, function (e) {
      finish();
      waiting = false; // the typed question stays in the box
      var kind = e && e.name === "AbortError" ? "timeout" : (e && (e.message === "busy" || e.message === "server") ? e.message : "network");
      fail(kind, body, done);
    });
    function finish() {
      clearTimeout(timer);
      pending = false;
      ui.status.textContent = "";
      ui.status.classList.remove("busy");
    }
  }
  function fail(kind, body, done) {
    var retry = h("button", { type: "button", "class": "retry", on: { click: function () { post(body, done); ui.input.focus(); } } }, [
      document.createTextNode(T[lang].retry)
    ]);
    ui.alert.textContent = "";
    ui.alert.appendChild(h("p", { text: T[lang][kind] }));
    ui.alert.appendChild(retry);
  }
  function reply(data) {
    show({ who: "bot", html: data.answer_html, lang: data.lang, buttons: data.buttons || [] });
  }

  function submit(e) {
    e.preventDefault();
    if (pending) { waiting = true; return; } // sent as soon as the answer is in
    send();
  }
  function send() {
    var text = ui.input.value.trim();
    if (!text) {
      ui.status.textContent = T[lang].empty;
      ui.input.focus();
      return;
    }
    ui.input.value = "";
    show({ who: "user", text: text, lang: lang });
    post({ text: text }, reply);
    ui.input.focus();
  }
  function choose(button) {
    if (pending) return;
    if (button.kind === "lang") { switchLang(button.action.slice(2)); return; }
    show({ who: "user", text: button.label, lang: lang });
    post({ action: button.action }, reply);
    ui.input.focus();
  }
  function vote(message, button) {
    if (pending) return;
    post({ action: button.action }, function (data) {
      message.buttons = (message.buttons || []).filter(function (b) { return b.kind !== "feedback"; });
      var fresh = render(message);
      ui.log.replaceChild(fresh, message.el);
      message.el = fresh;
      reply(data);
    });
    ui.input.focus();
  }
  function command(name) {
    if (pending) return;
    post({ command: name }, function (data) {
      if (name === "forget") { // the conversation's questions are gone: so is the transcript
        messages = [];
        redraw();
      }
      reply(data);
    });
    ui.input.focus();
  }
  function switchLang(to) {
    if (pending || (to !== "fr" && to !== "en")) return;
    post({ action: "l:" + to, lang: to }, function (data) {
      lang = to;
      save("lang", lang);
      labels();
      redraw(); // "You:" / "Vous :" before each message
      if (PAGE && window.history && history.replaceState) history.replaceState(null, "", "?lang=" + lang);
      reply(data);
    });
    ui.input.focus();
  }
  function greet() {
    if (!messages.length) post({ command: "start" }, reply);
  }

  function open() {
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    host.classList.add("open");
    ui.input.focus();
    greet();
  }
  function close() {
    ui.panel.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    host.classList.remove("open");
    ui.launcher.focus();
  }

  // The transcript kept for this tab goes in before the log is on the page, so screen
  // readers do not announce it again.
  labels();
  redraw();
  root.appendChild(ui.root);
  ui.log.scrollTop = ui.log.scrollHeight;
  if (PAGE) greet();
})();
