/* The proposal form (docs/proponer.md, docs/proponer.en.md): it writes a practice record
   (practices/<id>.yml) in the reader's browser; nothing is sent anywhere.

   - Options (types, themes, countries, organisations, Global Compact objectives, events and
     their sections, scopes), the id rule, the length limits, the existing ids and link URLs
     come from datos/taxonomias.json, written at build time by scripts/opendata.py (data-data
     on #bp-propose). Interface words come from the page (its language): labels in the HTML,
     messages in data-msg-* attributes.
   - Checks before writing: required fields, the id rule and uniqueness (an id made from the
     Spanish title gets -2, -3... when taken; a typed id that exists is refused, with a free
     one suggested), http/https URLs only (never javascript:, data:, a loopback or private
     host, user:password@), a link already in the catalogue, text lengths, both languages of
     each optional detail, a source for the details (and a detail for a source), dates and
     e-mail. Every problem is listed at once and each field says its own.
   - The practice sheet: the details in the order of rules.DETAILS; each further source written
     {url, title, publisher, accessed, supports} as scripts/issue_to_record.py writes it (the
     browser tests compare the two): publisher is the URL's host without "www." (publisher()
     below), accessed today's date in UTC, supports every detail given but the status
     "unknown" (which needs no source).
   - The rules of scripts/rules.py that a proposal can trip: the report's placement (choosing a
     mention's section ticks that section's theme, which cannot be unticked while the section
     is chosen; every other ticked theme gets a field for its reason, required, written to
     source.theme_reasons), no country for a regional or international scope, and an
     organisation whose site only hosts a link and that the mentions do not name is refused
     (rules.only_hosting; its evidence is a maintainer's call).
   - The YAML: every string double-quoted with escapes (quote() below, the same rules as
     scripts/recordyaml.py, which the browser tests compare), so a line break followed by
     `id: evil` stays inside its string; values are only ever put in the page as text
     (textContent), never as HTML.
   - Then: open a pull request (GitHub's new-file page, repo/new/<branch>/practices with
     ?filename=&value=, which forks the repository for someone without write access), download
     the file, or copy it. A record too long for a URL is downloaded and uploaded instead. */
(function () {
  "use strict";
  var root = document.getElementById("bp-propose");
  if (!root) return;
  var msg = root.dataset;
  var lang = msg.lang || document.documentElement.lang || "es";
  var form = root.querySelector("form");
  var errorsBox = root.querySelector(".bp-propose__errors");
  var result = root.querySelector(".bp-propose__result");
  var output = result.querySelector("pre code");
  var fileName = result.querySelector(".bp-propose__filename");
  var prLink = result.querySelector("[data-action=pull-request]");
  var tooLong = result.querySelector(".bp-propose__too-long");
  var download = result.querySelector("[data-action=download]");
  var copyButton = result.querySelector("[data-action=copy]");
  var status = result.querySelector(".bp-propose__status");
  var data = null;
  var ids = null; // Set of existing ids
  var urls = null; // Set of existing link URL keys
  var counter = 0;
  var downloadUrl = null;
  var MAX_URL = 8000; // longer new-file URLs get "414 URI Too Long" from GitHub
  var DATE = /^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$/;
  var EMAIL = /^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/;
  // scripts/rules.py: the practice sheet's details, in its order, and the bilingual ones
  var DETAILS = ["description", "lead_institution", "partners", "period", "status", "results",
    "lessons_learned", "contact"];
  var BILINGUAL_DETAILS = ["description", "lead_institution", "partners", "results",
    "lessons_learned"];

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, key) {
      return values && key in values ? values[key] : "";
    });
  }

  // -- YAML (the rules of scripts/recordyaml.py) -------------------------------------------

  function needsEscape(code) {
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 ||
      code === 0x2029 || code === 0xfeff || code === 0xfffe || code === 0xffff ||
      (code >= 0xd800 && code <= 0xdfff);
  }

  function quote(text) {
    var out = '"';
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      var code = text.charCodeAt(i);
      if (ch === '"') out += '\\"';
      else if (ch === "\\") out += "\\\\";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (ch === "\r") out += "\\r";
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length &&
               text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
        out += ch + text.charAt(i + 1); // a well-formed pair (an emoji) stays as it is
        i++;
      } else if (needsEscape(code)) out += "\\u" + ("000" + code.toString(16)).slice(-4);
      else out += ch;
    }
    return out + '"';
  }

  var YAML11_WORDS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

  function key(name) {
    return /^[a-z_]+$/.test(name) && YAML11_WORDS.indexOf(name) < 0 ? name : quote(name);
  }

  function scalar(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    return quote(String(value));
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function lines(value, indent) {
    var pad = new Array(indent + 1).join(" ");
    var out = [];
    Object.keys(value).forEach(function (name) {
      var item = value[name];
      var head = pad + key(name) + ":";
      if (isPlainObject(item)) {
        if (Object.keys(item).length === 0) out.push(head + " {}");
        else out.push.apply(out, [head].concat(lines(item, indent + 2)));
      } else if (Array.isArray(item) && item.length && item.every(isPlainObject)) {
        out.push(head);
        item.forEach(function (element) {
          var inner = lines(element, indent + 4);
          out.push(pad + "  - " + inner[0].replace(/^\s+/, ""));
          out.push.apply(out, inner.slice(1));
        });
      } else if (Array.isArray(item)) {
        out.push(head + " [" + item.map(scalar).join(", ") + "]");
      } else {
        out.push(head + " " + scalar(item));
      }
    });
    return out;
  }

  function dump(record) {
    return ["# yaml-language-server: $schema=../schema/practice.schema.json"]
      .concat(lines(record, 0)).join("\n") + "\n";
  }

  // -- ids and URLs (the rules of scripts/rules.py) -----------------------------------------

  function idFromTitle(title, limit) {
    limit = limit || 60;
    var ascii = title.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    var words = ascii.match(/[a-z0-9]+/g) || [];
    var out = "";
    for (var i = 0; i < words.length; i++) {
      var candidate = out ? out + "-" + words[i] : words[i];
      if (candidate.length > limit) break;
      out = candidate;
    }
    return out || (words.length ? words[0].slice(0, limit) : "");
  }

  function freeId(base) {
    var candidate = base;
    for (var n = 2; ids.has(candidate); n++) candidate = base + "-" + n;
    return candidate;
  }

  function urlKey(url) {
    var noFragment = url.split("#")[0];
    return noFragment.replace(/^([a-z][a-z0-9+.-]*:\/\/[^\/?]*)/i, function (m) {
      return m.toLowerCase();
    });
  }

  function privateHost(host) {
    host = host.toLowerCase().replace(/\.$/, "").replace(/^\[|\]$/g, "");
    if (host === "localhost" || /\.localhost$/.test(host)) return true;
    if (host === "::1" || host === "::" || /^f[cd]|^fe[89ab]/.test(host) && host.indexOf(":") >= 0) return true;
    var m = host.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
    if (!m) return false;
    var a = +m[1], b = +m[2];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }

  // the host an http(s) URL shows, lower case, without a port, user or leading "www."
  // (scripts/issue_to_record.py publisher(): the same rule, on the text as typed)
  function publisher(url) {
    var host = url.match(/^https?:\/\/([^\/?#]*)/)[1];
    host = host.slice(host.lastIndexOf("@") + 1).replace(/:[0-9]*$/, "").toLowerCase();
    return host.indexOf("www.") === 0 ? host.slice(4) : host;
  }

  function urlProblem(url) {
    if (!/^https?:\/\/[^\s]+$/.test(url)) return msg.msgUrl;
    var parsed;
    try { parsed = new URL(url); } catch (e) { return msg.msgUrl; }
    if (!/^https?:$/.test(parsed.protocol) || !parsed.hostname) return msg.msgUrl;
    if (parsed.username || parsed.password) return msg.msgUrlCredentials;
    if (privateHost(parsed.hostname)) return msg.msgUrlPrivate;
    if (url.length > data.url_max) return format(msg.msgTooLong, { n: url.length, max: data.url_max });
    return null;
  }

  // -- the form's options -------------------------------------------------------------------

  function option(select, value, label) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    select.appendChild(element);
  }

  function sortedEntries(map) {
    return Object.keys(map).map(function (k) { return [k, map[k][lang] || map[k].es]; });
  }

  function byName(a, b) { return a[1].localeCompare(b[1], lang); }

  function fillSelect(select) {
    var kind = select.dataset.options;
    var entries = kind === "sections" ? sectionEntries() : kind === "events"
      ? Object.keys(data.events).map(function (k) { return [k, data.events[k].label[lang]]; })
      : sortedEntries(data[kind]);
    if (kind === "countries" || kind === "organizations") entries.sort(byName);
    Array.prototype.slice.call(select.querySelectorAll("option:not([data-keep])")).forEach(
      function (o) { o.remove(); });
    entries.forEach(function (e) { option(select, e[0], e[1]); });
  }

  function sectionEntries() {
    var event = data.events[form.elements.event.value];
    return event ? sortedEntries(event.sections) : [];
  }

  function fillChoices(box) {
    var kind = box.dataset.choices;
    var entries = sortedEntries(data[kind]);
    if (kind === "organizations") entries.sort(byName);
    entries.forEach(function (e) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "checkbox";
      input.name = kind;
      input.value = e[0];
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + (kind === "gcm_objectives" ? e[0] + ". " : "") + e[1]));
      box.appendChild(label);
    });
  }

  // -- repeatable rows (countries, links, mentions, further sources) -------------------------

  function addRow(list) {
    var proto = list.querySelector("[data-proto]");
    var row = proto.cloneNode(true);
    row.removeAttribute("data-proto");
    row.hidden = false;
    counter++;
    row.querySelectorAll("[data-name]").forEach(function (field) {
      field.id = "bp-" + list.dataset.list + "-" + counter + "-" + field.dataset.name;
      var label = row.querySelector("label[data-label=" + field.dataset.name + "]");
      if (label) label.htmlFor = field.id;
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

  function rowValue(row, name) {
    var field = row.querySelector("[data-name=" + name + "]");
    if (field.type === "checkbox") return field.checked;
    return field.value.trim();
  }

  // -- the report's placement: a mention's section gives its theme; others need a reason ----

  function givenThemes() {
    var event = data.events[form.elements.event.value];
    var given = {}; // theme id -> the label of the first section that gives it
    if (!event) return given;
    rows("mentions").forEach(function (row) {
      var section = event.sections[row.querySelector("[data-name=section]").value];
      if (section && section.theme && !(section.theme in given)) {
        given[section.theme] = section[lang] || section.es;
      }
    });
    return given;
  }

  function updateThemes() {
    var given = givenThemes();
    form.querySelectorAll("input[name=themes]").forEach(function (input) {
      var label = input.parentNode;
      var note = label.querySelector(".bp-propose__given");
      if (input.value in given) {
        if (!input.checked) input.setAttribute("data-auto", "");
        input.checked = true;
        input.disabled = true; // the section's theme stays while the section is chosen
        if (!note) {
          note = document.createElement("span");
          note.className = "bp-propose__given";
          label.appendChild(note);
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

  function updateReasons(given) {
    var box = root.querySelector("[data-reasons]");
    var wanted = checked("themes").filter(function (t) { return !(t in given); });
    box.querySelectorAll("[data-reason]").forEach(function (field) {
      if (wanted.indexOf(field.dataset.reason) < 0) field.remove();
    });
    wanted.forEach(function (theme) {
      if (box.querySelector("[data-reason='" + theme + "']")) return;
      var field = document.createElement("div");
      field.className = "bp-field";
      field.setAttribute("data-reason", theme);
      var label = document.createElement("label");
      var input = document.createElement("textarea");
      input.id = "bp-reason-" + theme;
      input.name = "reason_" + theme;
      input.rows = 2;
      input.lang = lang;
      label.htmlFor = input.id;
      label.textContent = format(msg.msgReasonLabel, {
        theme: data.themes[theme][lang] || data.themes[theme].es });
      field.appendChild(label);
      field.appendChild(input);
      box.appendChild(field);
    });
    // in the themes' order
    checked("themes").forEach(function (theme) {
      var field = box.querySelector("[data-reason='" + theme + "']");
      if (field) box.appendChild(field);
    });
    box.hidden = !wanted.length;
  }

  // -- the host-domain rule (scripts/rules.py organization_named, only_hosting) -------------

  function organizationNamed(text, orgId) {
    var labels = Object.keys(data.organizations[orgId] || {}).map(function (l) {
      return data.organizations[orgId][l];
    });
    var names = labels.slice();
    labels.forEach(function (label) {
      var m = label.match(/\(([^()]+)\)\s*$/);
      if (m) names.push(m[1]);
    });
    return names.some(function (name) {
      if (!name) return false;
      var escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return new RegExp("(?<![\\p{L}\\p{N}_])" + escaped + "(?![\\p{L}\\p{N}_])", "u").test(text);
    });
  }

  function hostOnly(record) {
    var text = record.source.mentions.map(function (m) { return m.text; }).join(" ");
    var hosts = record.links.map(function (l) { return new URL(l.url).hostname.toLowerCase(); });
    var out = [];
    (record.organizations || []).forEach(function (orgId) {
      if (organizationNamed(text, orgId)) return;
      var domains = (data.organization_domains[orgId] || []).map(function (d) { return d.toLowerCase(); });
      var host = hosts.filter(function (h) {
        return domains.some(function (d) { return h === d || h.slice(-d.length - 1) === "." + d; });
      })[0];
      if (host) out.push([orgId, host]);
    });
    return out;
  }

  // -- checks ---------------------------------------------------------------------------------

  var problems = [];

  function clearProblems() {
    problems = [];
    form.querySelectorAll("[aria-invalid]").forEach(function (f) {
      f.removeAttribute("aria-invalid");
      f.removeAttribute("aria-describedby");
    });
    form.querySelectorAll(".bp-error").forEach(function (e) { e.remove(); });
    errorsBox.hidden = true;
    errorsBox.textContent = "";
  }

  function labelOf(field) {
    var label = field.id && form.querySelector("label[for='" + field.id + "']");
    if (!label) {
      var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
      label = legend;
    }
    return label ? label.textContent.trim() : field.name;
  }

  function problem(field, message) {
    problems.push({ field: field, message: message });
    var note = document.createElement("p");
    note.className = "bp-error";
    note.id = (field.id || "bp-field") + "-error";
    note.textContent = message;
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", note.id);
    (field.closest(".bp-field") || field.parentNode).appendChild(note);
  }

  function text(name, required) {
    var field = form.elements[name];
    var value = field.value.trim();
    if (required && !value) problem(field, msg.msgRequired);
    else if (value.length > data.text_max) {
      problem(field, format(msg.msgTooLong, { n: value.length, max: data.text_max }));
    }
    return value;
  }

  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name=" + name + "]:checked"))
      .map(function (i) { return i.value; });
  }

  function collect() {
    clearProblems();
    var record = {};
    var titleEs = text("title_es", true).replace(/\s+/g, " ");
    var titleEn = text("title_en", true).replace(/\s+/g, " ");
    var idField = form.elements.id;
    var id = idField.value.trim();
    if (id) {
      if (!new RegExp(data.id_pattern).test(id) || id.length > 80) problem(idField, msg.msgIdFormat);
      else if (ids.has(id)) problem(idField, format(msg.msgIdTaken, { id: id, suggestion: freeId(id) }));
    } else {
      id = freeId(idFromTitle(titleEs));
      if (!id && titleEs) problem(idField, msg.msgIdFormat);
    }
    record.id = id;
    record.title = { es: titleEs, en: titleEn };
    record.summary = { es: text("summary_es", true), en: text("summary_en", true) };
    record.type = form.elements.type.value;
    if (!record.type) problem(form.elements.type, msg.msgRequired);
    record.themes = checked("themes");
    if (!record.themes.length) problem(form.querySelector("[data-choices=themes]"), msg.msgThemes);

    var countries = [];
    var evidence = {};
    rows("countries").forEach(function (row) {
      var select = row.querySelector("[data-name=code]");
      var code = select.value;
      var basis = rowValue(row, "basis");
      var note = rowValue(row, "note").replace(/\s+/g, " ");
      if (!code) return problem(select, msg.msgRequired);
      if (countries.indexOf(code) >= 0) return problem(select, msg.msgCountryTwice);
      if (basis === "inferred" && !note) return problem(row.querySelector("[data-name=note]"), msg.msgNote);
      if (note.length > data.text_max) {
        return problem(row.querySelector("[data-name=note]"),
          format(msg.msgTooLong, { n: note.length, max: data.text_max }));
      }
      countries.push(code);
      evidence[code] = note ? { basis: basis, note: note } : { basis: basis };
    });
    record.countries = countries;
    record.scope = form.elements.scope.value;
    if (!record.scope) problem(form.elements.scope, msg.msgRequired);
    else if (countries.length && data.no_country_scopes.indexOf(record.scope) >= 0) {
      problem(form.querySelector("[data-list=countries]"), msg.msgScopeCountries);
    }
    var organizations = checked("organizations");
    if (organizations.length) record.organizations = organizations;
    var objectives = checked("gcm_objectives").map(Number).sort(function (a, b) { return a - b; });
    if (objectives.length) record.gcm_objectives = objectives;

    var seen = {};
    record.links = [];
    rows("links").forEach(function (row) {
      var field = row.querySelector("[data-name=url]");
      var url = rowValue(row, "url");
      var title = rowValue(row, "text").replace(/\s+/g, " ");
      if (!url && !title) return;
      var why = url ? urlProblem(url) : msg.msgRequired;
      if (!why && urls.has(urlKey(url))) why = msg.msgUrlTaken;
      if (!why && seen[urlKey(url)]) why = msg.msgUrlTwice;
      if (why) return problem(field, why);
      if (title.length > data.text_max) {
        return problem(row.querySelector("[data-name=text]"),
          format(msg.msgTooLong, { n: title.length, max: data.text_max }));
      }
      seen[urlKey(url)] = true;
      var link = { url: url };
      if (title) link.text = title;
      if (rowValue(row, "restricted")) link.restricted = true;
      record.links.push(link);
    });

    // optional details: the practice sheet, in its order (DETAILS)
    var details = {};
    var period = {};
    ["start", "end"].forEach(function (part) {
      var field = form.elements["period_" + part];
      var value = field.value.trim();
      if (value && !DATE.test(value)) problem(field, msg.msgDate);
      else if (value) period[part] = value;
    });
    if (period.start && period.end) {
      var n = Math.min(period.start.length, period.end.length);
      if (period.end.slice(0, n) < period.start.slice(0, n)) problem(form.elements.period_end, msg.msgPeriodOrder);
    }
    if (period.end && !period.start) problem(form.elements.period_start, msg.msgRequired);
    if (period.start) details.period = period;
    if (form.elements.status.value) details.status = form.elements.status.value;
    BILINGUAL_DETAILS.forEach(function (name) {
      var es = text(name + "_es", false);
      var en = text(name + "_en", false);
      if (es && !en) problem(form.elements[name + "_en"], msg.msgBilingual);
      else if (en && !es) problem(form.elements[name + "_es"], msg.msgBilingual);
      else if (es) details[name] = { es: es, en: en };
    });
    var contact = {};
    var contactName = text("contact_name", false).replace(/\s+/g, " ");
    var email = form.elements.contact_email.value.trim();
    var contactUrl = form.elements.contact_url.value.trim();
    if (contactName) contact.name = contactName;
    if (email && (!EMAIL.test(email) || email.length > 254)) problem(form.elements.contact_email, msg.msgEmail);
    else if (email) contact.email = email;
    if (contactUrl) {
      var whyContact = urlProblem(contactUrl);
      if (whyContact) problem(form.elements.contact_url, whyContact);
      else contact.url = contactUrl;
    }
    if (Object.keys(contact).length) {
      if (!email && !contactUrl) problem(form.elements.contact_email, msg.msgContact);
      details.contact = contact;
    }
    DETAILS.forEach(function (name) { if (name in details) record[name] = details[name]; });
    // what a source can state: every detail but the status "unknown" (which needs none)
    var supports = DETAILS.filter(function (name) {
      return name in details && details[name] !== "unknown";
    });
    var accessed = new Date().toISOString().slice(0, 10); // today, UTC
    var sources = [];
    rows("further_sources").forEach(function (row) {
      var url = rowValue(row, "url");
      var title = rowValue(row, "title").replace(/\s+/g, " ");
      if (!url && !title) return;
      var why = url ? urlProblem(url) : msg.msgRequired;
      if (why) return problem(row.querySelector("[data-name=url]"), why);
      if (!title) return problem(row.querySelector("[data-name=title]"), msg.msgSourceTitle);
      if (title.length > data.text_max) {
        return problem(row.querySelector("[data-name=title]"),
          format(msg.msgTooLong, { n: title.length, max: data.text_max }));
      }
      sources.push({ url: url, title: title, publisher: publisher(url), accessed: accessed,
        supports: supports });
    });
    var sourcesBox = form.querySelector("[data-list=further_sources]");
    if (sources.length && !supports.length) problem(sourcesBox, msg.msgSourceUnused);
    else if (sources.length) record.further_sources = sources;
    else if (supports.length) problem(sourcesBox, msg.msgSources);

    // the source
    var mentions = [];
    rows("mentions").forEach(function (row) {
      var section = row.querySelector("[data-name=section]");
      var words = row.querySelector("[data-name=text]");
      var value = words.value.trim().replace(/\s+/g, " ");
      if (!section.value) problem(section, msg.msgRequired);
      if (!value) problem(words, msg.msgRequired);
      else if (value.length > data.text_max) {
        problem(words, format(msg.msgTooLong, { n: value.length, max: data.text_max }));
      }
      mentions.push({ section: section.value, kind: rowValue(row, "kind"), text: value });
    });
    if (!mentions.length) problem(form.querySelector("[data-list=mentions]"), msg.msgMentions);
    if (!form.elements.event.value) problem(form.elements.event, msg.msgRequired);
    record.source = { event: form.elements.event.value, mentions: mentions, countries: evidence };

    // the report's placement: each section's theme, and a reason for any other theme
    var given = givenThemes();
    var themesBox = form.querySelector("[data-choices=themes]");
    Object.keys(given).forEach(function (theme) {
      if (record.themes.indexOf(theme) < 0) {
        problem(themesBox, format(msg.msgThemeMissing, {
          theme: data.themes[theme][lang], section: given[theme] }));
      }
    });
    var reasons = {};
    record.themes.forEach(function (theme) {
      if (theme in given) return;
      var field = form.elements["reason_" + theme];
      var value = field ? field.value.trim().replace(/\s+/g, " ") : "";
      if (!field) problem(themesBox, msg.msgReason);
      else if (!value) problem(field, msg.msgReason);
      else if (value.length > data.text_max) {
        problem(field, format(msg.msgTooLong, { n: value.length, max: data.text_max }));
      } else reasons[theme] = value;
    });
    if (Object.keys(reasons).length) record.source.theme_reasons = reasons;

    var orgsBox = form.querySelector("[data-choices=organizations]");
    hostOnly(record).forEach(function (pair) {
      var org = data.organizations[pair[0]];
      problem(orgsBox, format(msg.msgOrgHost, { org: org[lang] || org.es, host: pair[1] }));
    });
    return record;
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
        (p.field.matches("input, select, textarea") ? p.field : p.field.querySelector("input, select, textarea, button") || p.field).focus();
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    errorsBox.appendChild(intro);
    errorsBox.appendChild(list);
    errorsBox.hidden = false;
    result.hidden = true;
    errorsBox.focus();
  }

  function showRecord(record) {
    var yaml = dump(record);
    var name = record.id + ".yml";
    output.textContent = yaml;
    fileName.textContent = "practices/" + name;
    var url = msg.repo + "/new/" + encodeURIComponent(msg.branch) + "/practices?filename=" +
      encodeURIComponent(name) + "&value=" + encodeURIComponent(yaml);
    var fits = url.length <= MAX_URL;
    prLink.hidden = !fits;
    tooLong.hidden = fits;
    prLink.href = fits ? url : "#";
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([yaml], { type: "application/yaml;charset=utf-8" }));
    download.href = downloadUrl;
    download.download = name;
    status.textContent = "";
    result.hidden = false;
    result.querySelector("h2").focus();
  }

  function copy() {  // window.bpCopyText: assets/site.js, on every page
    window.bpCopyText(output.textContent).then(function (ok) {
      status.textContent = ok ? msg.msgCopied : msg.msgCopyFailed;
    });
  }

  function updateIdHint() {
    var hint = root.querySelector(".bp-propose__id-hint");
    var typed = form.elements.id.value.trim();
    var title = form.elements.title_es.value.trim();
    hint.textContent = !typed && title ? format(msg.msgIdHint, { id: freeId(idFromTitle(title)) }) : "";
  }

  function start(json) {
    data = json;
    ids = new Set(data.ids);
    urls = new Set(data.urls);
    form.querySelectorAll("select[data-options]").forEach(function (s) {
      if (!s.closest("[data-proto]")) fillSelect(s);
    });
    form.querySelectorAll("[data-choices]").forEach(fillChoices);
    var events = Object.keys(data.events);
    if (events.length === 1) form.elements.event.value = events[0]; // the only report: chosen
    form.querySelectorAll("[data-list]").forEach(function (list) {
      if (list.dataset.start === "1") addRow(list);
    });
    form.querySelectorAll("[data-add]").forEach(function (button) {
      button.addEventListener("click", function () {
        var row = addRow(form.querySelector("[data-list=" + button.dataset.add + "]"));
        row.querySelector("input, select, textarea").focus();
      });
    });
    form.elements.event.addEventListener("change", function () {
      form.querySelectorAll("select[data-options=sections]").forEach(function (s) {
        if (!s.closest("[data-proto]")) fillSelect(s);
      });
    });
    form.addEventListener("change", function (event) {
      var t = event.target;
      if (t.name === "themes" || t.name === "event" || t.dataset.name === "section") updateThemes();
    });
    form.elements.title_es.addEventListener("input", updateIdHint);
    form.elements.id.addEventListener("input", updateIdHint);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var record = collect();
      if (problems.length) showProblems();
      else showRecord(record);
    });
    copyButton.addEventListener("click", copy);
    updateThemes();
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

  // for the tests: the same functions the form uses
  window.bpPropose = { quote: quote, dump: dump, idFromTitle: idFromTitle, urlKey: urlKey,
    publisher: publisher };
}());
