/* The proposal form (docs/proponer.md, docs/proponer.en.md): a helper that fills in the
   repository's issue form (.github/ISSUE_TEMPLATE/proponer-practica.yml) for the reader. It
   writes no record and holds none of the catalogue's rules: scripts/issue_to_record.py writes
   the record from the issue, and scripts/rules.py judges it.

   - Options (types, themes, scopes, countries, organisations, Global Compact objectives,
     meetings and their sections with each section's theme, kinds of mention, statuses) and the
     issue form's file name, title and the ids of the fields a link can fill come from
     datos/taxonomias.json, written at build time by scripts/opendata.py (scripts/issueform.py
     reads the issue form). Interface words come from the page, in its language: labels in the
     HTML, messages in data-msg-*, the language's name in data-language.
   - Each answer goes to the issue form's field of the same id (a field's name, a list's
     data-list, a group's data-choices), in plain words as a person would type them there: a
     choice by its label in the page's language, several one per line, a country
     "name — basis: note", a link or a source "address title", the report's places as sections
     (one per line) and their words (one paragraph each). Fields of the part that does not
     apply (the report's, or the proposing institution) are disabled and not sent.
   - What it checks, to help fill the form in: required fields (the name and the summary in the
     page's language; where the practice comes from, then the meeting, a place of the report and
     how it mentions it, or the proposing institution, a published source and the
     description), formats (dates, e-mail, an http(s) address), a note for a country inferred,
     and the report's placement as help: choosing a section ticks its theme (locked while the
     section is chosen) and every other theme ticked asks for its reason.
   - Then "Continue on GitHub" opens <repo>/issues/new?template=<form>&title=...&<id>=<value>
     in a new tab, and offers the same link should the tab be blocked. GitHub refuses longer
     links (414), so a link over MAX_URL is not opened: the longest text is pointed at. Values
     are only ever put in the page as text (textContent), never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("bp-propose");
  if (!root) return;
  var msg = root.dataset;
  var lang = msg.lang || document.documentElement.lang || "es";
  var form = root.querySelector("form");
  var errorsBox = root.querySelector(".bp-propose__errors");
  var opened = root.querySelector(".bp-propose__opened");
  var githubLink = opened.querySelector("[data-action=github]");
  var data = null;
  var counter = 0;
  var problems = [];
  var MAX_URL = 8000; // GitHub answers "414 URI Too Long" to longer links
  var DATE = /^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$/;
  var EMAIL = /^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/;
  var URL_SHAPE = /^https?:\/\/[^\s\/?#]+[^\s]*$/i;

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, key) {
      return values && key in values ? values[key] : "";
    });
  }

  function label(entry) { // {es, en} -> the page's language
    return entry[lang] || entry.es;
  }

  function oneLine(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  // -- the form's options -------------------------------------------------------------------

  function option(select, value, text) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = text;
    select.appendChild(element);
  }

  function entries(kind) {
    if (kind === "events") {
      return Object.keys(data.events).map(function (k) { return [k, label(data.events[k].label)]; });
    }
    if (kind === "sections") {
      var event = data.events[form.elements.source_event.value];
      return event ? Object.keys(event.sections).map(function (k) {
        return [k, label(event.sections[k])];
      }) : [];
    }
    var out = Object.keys(data[kind]).map(function (k) { return [k, label(data[kind][k])]; });
    if (kind === "countries" || kind === "organizations") {
      out.sort(function (a, b) { return a[1].localeCompare(b[1], lang); });
    }
    return out;
  }

  function fillSelect(select) {
    Array.prototype.slice.call(select.querySelectorAll("option:not([data-keep])")).forEach(
      function (o) { o.remove(); });
    entries(select.dataset.options).forEach(function (e) { option(select, e[0], e[1]); });
  }

  function fillChoices(box) {
    var kind = box.dataset.choices;
    entries(kind).forEach(function (e) {
      var item = document.createElement("label");
      var input = document.createElement("input");
      input.type = "checkbox";
      input.name = kind;
      input.value = e[0];
      item.appendChild(input);
      item.appendChild(document.createTextNode(" " + (kind === "gcm_objectives" ? e[0] + ". " : "") + e[1]));
      box.appendChild(item);
    });
  }

  // -- repeatable rows (places of the report, countries, links, published sources) -----------

  function addRow(list) {
    var row = list.querySelector("[data-proto]").cloneNode(true);
    row.removeAttribute("data-proto");
    row.hidden = false;
    counter++;
    row.querySelectorAll("[data-name]").forEach(function (field) {
      field.id = "bp-" + list.dataset.list + "-" + counter + "-" + field.dataset.name;
      var text = row.querySelector("label[data-label=" + field.dataset.name + "]");
      if (text) text.htmlFor = field.id;
      if (field.dataset.options) fillSelect(field);
    });
    row.querySelector("[data-remove]").addEventListener("click", function () {
      row.remove();
      updateThemes();
    });
    list.appendChild(row);
    return row;
  }

  function rows(name) {
    return Array.prototype.slice.call(
      form.querySelectorAll("[data-list=" + name + "] > .bp-row:not([data-proto])"));
  }

  function cell(row, name) {
    return row.querySelector("[data-name=" + name + "]");
  }

  // -- where it comes from: a report (its sections give themes) or the reader's institution --

  function origin() {
    var chosen = form.querySelector("input[name=origin]:checked");
    return chosen ? chosen.value : "";
  }

  function updateOrigin() {
    form.querySelectorAll("[data-origin]").forEach(function (part) {
      var on = part.dataset.origin === origin();
      part.hidden = !on;
      part.disabled = !on; // a disabled part is not sent
    });
    updateThemes();
  }

  function givenThemes() { // theme id -> the label of the first section chosen that gives it
    var given = {};
    var event = data.events[form.elements.source_event.value];
    if (origin() !== "report" || !event) return given;
    rows("mentions").forEach(function (row) {
      var section = event.sections[cell(row, "section").value];
      if (section && section.theme && !(section.theme in given)) given[section.theme] = label(section);
    });
    return given;
  }

  function updateThemes() {
    var given = givenThemes();
    form.querySelectorAll("input[name=themes]").forEach(function (input) {
      var item = input.parentNode;
      var note = item.querySelector(".bp-propose__given");
      if (input.value in given) {
        if (!input.checked) input.setAttribute("data-auto", "");
        input.checked = true;
        input.disabled = true; // the section's theme stays while the section is chosen
        if (!note) {
          note = document.createElement("span");
          note.className = "bp-propose__given";
          item.appendChild(note);
        }
        note.textContent = " (" + format(msg.msgThemeGiven, { section: given[input.value] }) + ")";
      } else {
        if (input.disabled && input.hasAttribute("data-auto")) input.checked = false;
        input.disabled = false;
        input.removeAttribute("data-auto");
        if (note) note.remove();
      }
    });
    updateReasons(given);
  }

  function reasonsWanted(given) { // themes ticked that no section chosen gives (a report's only)
    if (origin() !== "report") return [];
    return checked("themes").filter(function (t) { return !(t in given); });
  }

  function updateReasons(given) {
    var box = root.querySelector("[data-reasons]");
    var wanted = reasonsWanted(given);
    box.querySelectorAll("[data-reason]").forEach(function (field) {
      if (wanted.indexOf(field.dataset.reason) < 0) field.remove();
    });
    wanted.forEach(function (theme) {
      if (box.querySelector("[data-reason='" + theme + "']")) return;
      var field = document.createElement("div");
      field.className = "bp-field";
      field.setAttribute("data-reason", theme);
      var text = document.createElement("label");
      var input = document.createElement("textarea");
      input.id = "bp-reason-" + theme;
      input.name = "reason_" + theme;
      input.rows = 2;
      input.lang = lang;
      text.htmlFor = input.id;
      text.textContent = format(msg.msgReasonLabel, { theme: label(data.themes[theme]) });
      field.appendChild(text);
      field.appendChild(input);
      box.appendChild(field);
    });
    wanted.forEach(function (theme) { // in the themes' order
      box.appendChild(box.querySelector("[data-reason='" + theme + "']"));
    });
    box.hidden = wanted.length === 0;
  }

  // -- problems -------------------------------------------------------------------------------

  function clearProblems() {
    problems = [];
    form.querySelectorAll("[aria-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      if (field.dataset.describedby !== undefined) {
        if (field.dataset.describedby) field.setAttribute("aria-describedby", field.dataset.describedby);
        else field.removeAttribute("aria-describedby");
      }
    });
    form.querySelectorAll(".bp-error").forEach(function (e) { e.remove(); });
    errorsBox.hidden = true;
    errorsBox.textContent = "";
  }

  function labelOf(field) {
    var text = field.id && form.querySelector("label[for='" + field.id + "']");
    if (!text && field.matches("fieldset, [data-list]")) {
      text = (field.matches("fieldset") ? field : field.closest("fieldset")).querySelector("legend");
      if (field.matches("[data-list]") && field.previousElementSibling &&
          field.previousElementSibling.previousElementSibling &&
          field.previousElementSibling.previousElementSibling.matches(".bp-propose__label")) {
        text = field.previousElementSibling.previousElementSibling;
      }
    }
    return text ? text.textContent.trim() : field.name || "";
  }

  function problem(field, message) {
    problems.push({ field: field, message: message });
    var note = document.createElement("p");
    note.className = "bp-error";
    note.id = (field.id || "bp-field-" + problems.length) + "-error";
    note.textContent = message;
    if (field.dataset.describedby === undefined) {
      field.dataset.describedby = field.getAttribute("aria-describedby") || "";
    }
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", (field.dataset.describedby + " " + note.id).trim());
    (field.closest(".bp-field") || field.parentNode).appendChild(note);
  }

  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name=" + name + "]:checked"))
      .map(function (i) { return i.value; });
  }

  function required(name) {
    var field = form.elements[name];
    if (!field.value.trim()) problem(field, msg.msgRequired);
  }

  function address(field, needed) {
    var value = field.value.trim();
    if (!value && needed) problem(field, msg.msgRequired);
    else if (value && !URL_SHAPE.test(value)) problem(field, msg.msgUrl);
  }

  function check() {
    clearProblems();
    required("title_" + lang);
    required("summary_" + lang);
    required("type");
    if (!checked("themes").length) problem(form.querySelector("[data-choices=themes]"), msg.msgThemes);
    var reasons = root.querySelector("[data-reasons]");
    reasons.querySelectorAll("textarea").forEach(function (field) {
      if (!field.value.trim()) problem(field, msg.msgRequired);
    });
    required("scope");
    if (!origin()) problem(form.querySelector("#bp-origin"), msg.msgRequired);
    if (origin() === "report") {
      required("source_event");
      var places = rows("mentions");
      if (!places.length) problem(form.querySelector("[data-list=mentions]"), msg.msgMentions);
      places.forEach(function (row) {
        if (!cell(row, "section").value) problem(cell(row, "section"), msg.msgRequired);
        if (!cell(row, "text").value.trim()) problem(cell(row, "text"), msg.msgRequired);
      });
      required("source_kind");
    }
    if (origin() === "proposal") {
      required("proposed_by");
      required("description_" + lang);
      var given = rows("further_sources").some(function (row) { return cell(row, "url").value.trim(); });
      if (!given) problem(form.querySelector("[data-list=further_sources]"), msg.msgSources);
    }
    rows("countries").forEach(function (row) {
      var basis = cell(row, "basis");
      if (!cell(row, "code").value) problem(cell(row, "code"), msg.msgRequired);
      if (basis.selectedOptions[0].hasAttribute("data-needs-note") && !cell(row, "note").value.trim()) {
        problem(cell(row, "note"), msg.msgNote);
      }
    });
    rows("links").forEach(function (row) {
      address(cell(row, "url"), cell(row, "text").value.trim());
    });
    rows("further_sources").forEach(function (row) {
      var title = cell(row, "title");
      address(cell(row, "url"), title.value.trim());
      if (cell(row, "url").value.trim() && !title.value.trim()) problem(title, msg.msgSourceTitle);
    });
    ["period_start", "period_end"].forEach(function (name) {
      var field = form.elements[name];
      if (field.value.trim() && !DATE.test(field.value.trim())) problem(field, msg.msgDate);
    });
    var email = form.elements.contact_email;
    if (email.value.trim() && !EMAIL.test(email.value.trim())) problem(email, msg.msgEmail);
    address(form.elements.contact_url, false);
  }

  // -- the answers, as the issue form's fields take them -------------------------------------

  function sent(field) { // a field of a disabled part, or a locked theme, still counts as ticked
    return field && !field.closest("fieldset:disabled");
  }

  function lines(items) {
    return items.filter(function (x) { return x; }).join("\n");
  }

  function answer(id) {
    var given = givenThemes();
    var reporting = origin() === "report" && sent(form.elements.source_event);
    if (id === "language") return msg.language || "";
    if (id === "themes") return lines(checked("themes").map(function (t) { return label(data.themes[t]); }));
    if (id === "organizations") { // in the taxonomy's order, whatever the order shown
      var ticked = checked("organizations");
      return lines(Object.keys(data.organizations).filter(function (o) {
        return ticked.indexOf(o) >= 0;
      }).map(function (o) { return label(data.organizations[o]); }));
    }
    if (id === "gcm_objectives") return checked("gcm_objectives").join(", ");
    if (id === "theme_reasons") {
      return reporting ? lines(reasonsWanted(given).map(function (theme) {
        var field = form.elements["reason_" + theme];
        return label(data.themes[theme]) + ": " + oneLine(field ? field.value : "");
      })) : "";
    }
    if (id === "source_section" || id === "source_text") {
      if (!reporting) return "";
      return rows("mentions").map(function (row) {
        var section = cell(row, "section");
        return id === "source_section"
          ? (section.value ? section.selectedOptions[0].textContent : "")
          : oneLine(cell(row, "text").value);
      }).join(id === "source_text" ? "\n\n" : "\n");
    }
    if (id === "countries") {
      return lines(rows("countries").map(function (row) {
        var code = cell(row, "code").value;
        var note = oneLine(cell(row, "note").value);
        return code ? label(data.countries[code]) + " — " + cell(row, "basis").value +
          (note ? ": " + note : "") : "";
      }));
    }
    if (id === "links" || id === "further_sources") {
      var text = id === "links" ? "text" : "title";
      return lines(rows(id).map(function (row) {
        var url = cell(row, "url").value.trim();
        return url ? oneLine(url + " " + cell(row, text).value) : "";
      }));
    }
    var field = form.elements[id];
    if (!sent(field) || !field.matches || !field.matches("input, select, textarea")) return "";
    if (field.tagName === "SELECT") return field.value ? field.selectedOptions[0].textContent : "";
    return field.tagName === "TEXTAREA" ? field.value.trim() : oneLine(field.value);
  }

  function issueUrl() {
    var spec = data.issue_form;
    var title = oneLine(form.elements["title_" + lang].value);
    var query = [["template", spec.template], ["title", spec.title + title]];
    spec.fields.forEach(function (id) {
      var value = answer(id);
      if (value) query.push([id, value]);
    });
    var params = new URLSearchParams();
    query.forEach(function (pair) { params.append(pair[0], pair[1]); });
    return { url: msg.repo + "/issues/new?" + params.toString(), query: query };
  }

  function longest(query) { // the field of the longest answer the reader typed
    var best = null;
    query.forEach(function (pair) {
      var field = form.elements[pair[0]] || form.querySelector("[data-list=" + pair[0] + "]");
      if (field && field.nodeType === 1 && (!best || pair[1].length > best[1])) best = [field, pair[1].length];
    });
    return best ? best[0] : form.elements["summary_" + lang];
  }

  // -- results --------------------------------------------------------------------------------

  function showProblems() {
    var intro = document.createElement("p");
    intro.textContent = format(msg.msgProblems, { n: problems.length });
    var list = document.createElement("ul");
    problems.forEach(function (p) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + (p.field.id || "");
      link.textContent = labelOf(p.field) + ": " + p.message;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var target = p.field.matches("input, select, textarea") ? p.field
          : p.field.querySelector("input, select, textarea, button") || p.field;
        target.focus();
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    errorsBox.appendChild(intro);
    errorsBox.appendChild(list);
    errorsBox.hidden = false;
    opened.hidden = true;
    errorsBox.focus();
  }

  function submit(event) {
    event.preventDefault();
    check();
    var built = problems.length ? null : issueUrl();
    if (built && built.url.length > MAX_URL) problem(longest(built.query), msg.msgTooLong);
    if (problems.length) return showProblems();
    githubLink.href = built.url;
    opened.hidden = false;
    window.open(built.url, "_blank", "noopener");
  }

  function start(json) {
    data = json;
    form.querySelectorAll("select[data-options]").forEach(function (s) {
      if (!s.closest("[data-proto]")) fillSelect(s);
    });
    form.querySelectorAll("[data-choices]").forEach(fillChoices);
    var events = Object.keys(data.events);
    if (events.length === 1) form.elements.source_event.value = events[0]; // the only report
    form.querySelectorAll("[data-list]").forEach(function (list) {
      if (list.dataset.start === "1") addRow(list);
    });
    form.querySelectorAll("[data-add]").forEach(function (button) {
      button.addEventListener("click", function () {
        var row = addRow(form.querySelector("[data-list=" + button.dataset.add + "]"));
        row.querySelector("input, select, textarea").focus();
      });
    });
    form.elements.source_event.addEventListener("change", function () {
      form.querySelectorAll("select[data-options=sections]").forEach(function (s) {
        if (!s.closest("[data-proto]")) fillSelect(s);
      });
    });
    form.addEventListener("change", function (event) {
      var t = event.target;
      if (t.name === "origin") updateOrigin();
      else if (t.name === "themes" || t.name === "source_event" || t.dataset.name === "section") updateThemes();
    });
    form.addEventListener("submit", submit);
    updateOrigin();
    root.querySelector(".bp-propose__nojs").hidden = true;
    form.hidden = false;
    root.setAttribute("data-ready", "");
  }

  fetch(new URL(msg.data, location.href).href)
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(start)
    .catch(function () {
      var note = root.querySelector(".bp-propose__nojs");
      note.hidden = false;
      note.insertBefore(document.createTextNode(msg.msgLoadError + " "), note.firstChild);
    });
}());
