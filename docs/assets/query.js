/* How the words typed in the search page and in the catalogue's text box are read: one module
   for both (window.BPQuery), so the same words give the same answers on both pages.

   - The concept vocabulary is the build's datos/conceptos.json (scripts/concepts.py, from
     taxonomies/concepts.yml), loaded once (ready()); the address is this script tag's
     data-vocabulary (templates/query_script.html).
   - parse(text) reads the query into groups, left to right: at each word, the longest term of
     any concept, in either language, that starts there names that concept ({concept, text});
     any other word is a plain word ({word, text}; `text`: the words as typed). A concept or word named twice is one group.
     Stopwords (both languages) are dropped when anything else is left: "return and
     reintegration" is one group, the concept `return`. Words are compared as tokens():
     accents, case and punctuation ignored, the same rule as concepts.py's tokens().
   - A page finds, for each group, the practices it matches: a concept group the practices
     that carry the concept (the build computes them: the catalogue's data-concept, the
     Pagefind filter `concept` of practice pages), a word group those whose text has the word
     (each page's own text search). combine() keeps the practices that match every group; when
     none does, the best partial matches: those that match the most groups, said to be partial
     (`partial`, and note() says which words they have). find() does it for an asynchronous
     search (engine.all(groups): the practices matching every group in one go, or null;
     engine.one(group): those matching one group; each a Map id -> score), combine() for a
     synchronous one (the catalogue).
   - note(box, reading) writes what the query was read as: the concepts it widened to (each
     linked to its page, with some of its terms in the page's language) and, for partial
     matches, which groups the practices shown have. The box carries data-concepts,
     data-words and data-partial, the reading in codes (the browser tests compare the two
     pages with them).
   Interface words come from the script tag's data-* attributes (templates/labels.yml). */
(function () {
  "use strict";
  var script = typeof document !== "undefined" ? document.currentScript : null;
  var config = (script && script.dataset) || {};
  var TERMS_SHOWN = 5; // terms of a concept shown in the note

  var vocabulary = null; // {concepts, index: first token -> [{words, concept}], stop: {word: true}}
  var loading = null;

  /* Lower case without accents or other marks (concepts.py fold()). */
  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  /* The words of `text` as search compares them (concepts.py tokens()). */
  function tokens(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  /* tokens(), each with the words as typed ({raw: "Niños", word: "ninos"}): the same split
     (marks belong to their letter, then are dropped from the word). */
  function pieces(text) {
    return String(text).normalize("NFD").split(/[^\p{L}\p{N}\p{M}]+/u)
      .map(function (piece) {
        return { raw: piece.normalize("NFC"), word: piece.replace(/\p{M}/gu, "").toLowerCase() };
      })
      .filter(function (piece) {
        return piece.word !== "";
      });
  }

  function prepare(data) {
    var index = {};
    var stop = {};
    Object.keys(data.concepts || {}).forEach(function (id) {
      var terms = data.concepts[id].terms || {};
      Object.keys(terms).forEach(function (lang) {
        terms[lang].forEach(function (term) {
          var words = tokens(term);
          if (words.length) (index[words[0]] = index[words[0]] || []).push({ words: words, concept: id });
        });
      });
    });
    Object.keys(index).forEach(function (first) {
      index[first].sort(function (a, b) {
        return b.words.length - a.words.length;
      });
    });
    Object.keys(data.stopwords || {}).forEach(function (lang) {
      data.stopwords[lang].forEach(function (word) {
        tokens(word).forEach(function (token) {
          stop[token] = true;
        });
      });
    });
    return { concepts: data.concepts || {}, index: index, stop: stop };
  }

  /* The vocabulary, loaded once; without it (the file failed to load), queries are read as
     plain words. Resolves to true when the vocabulary is there. */
  function ready() {
    if (!loading) {
      loading = !config.vocabulary
        ? Promise.resolve(false)
        : fetch(new URL(config.vocabulary, location.href).href)
            .then(function (response) {
              if (!response.ok) throw new Error("conceptos.json: HTTP " + response.status);
              return response.json();
            })
            .then(function (data) {
              vocabulary = prepare(data);
              return true;
            })
            .catch(function (error) {
              if (window.console) console.error(error);
              return false;
            });
    }
    return loading;
  }

  function startsAt(words, i, term) {
    for (var k = 0; k < term.length; k += 1) {
      if (words[i + k] !== term[k]) return false;
    }
    return true;
  }

  /* The query's groups (module comment). */
  function parse(text) {
    var typedWords = pieces(text);
    var words = typedWords.map(function (piece) {
      return piece.word;
    });
    var index = vocabulary ? vocabulary.index : {};
    var stop = vocabulary ? vocabulary.stop : {};
    var groups = [];
    var seen = {};
    var i = 0;
    while (i < words.length) {
      var found = null;
      (index[words[i]] || []).some(function (candidate) {
        if (startsAt(words, i, candidate.words)) found = candidate;
        return found !== null;
      });
      var key = found ? "c:" + found.concept : "w:" + words[i];
      var typed = typedWords.slice(i, i + (found ? found.words.length : 1)).map(function (piece) {
        return piece.raw;
      }).join(" ");
      if (seen[key]) {
        seen[key].text += " " + typed;
      } else {
        seen[key] = found ? { concept: found.concept, text: typed } : { word: words[i], text: typed };
        groups.push(seen[key]);
      }
      i += found ? found.words.length : 1;
    }
    var kept = groups.filter(function (group) {
      return group.concept || !stop[group.word];
    });
    return kept.length ? kept : groups;
  }

  /* perGroup[g]: Map id -> score of the practices group g matches. The practices that match
     every group, else those that match the most (partial), best score first (ties keep the
     order they were found in). */
  function combine(groups, perGroup) {
    var tally = new Map();
    perGroup.forEach(function (found, g) {
      found.forEach(function (score, id) {
        var entry = tally.get(id);
        if (!entry) {
          entry = { id: id, n: 0, score: 0, groups: [] };
          tally.set(id, entry);
        }
        entry.n += 1;
        entry.score += score || 0;
        entry.groups.push(g);
      });
    });
    var best = 0;
    tally.forEach(function (entry) {
      best = Math.max(best, entry.n);
    });
    var chosen = [];
    tally.forEach(function (entry) {
      if (best && entry.n === best) chosen.push(entry);
    });
    chosen.sort(function (a, b) {
      return b.score - a.score;
    });
    var matched = {};
    chosen.forEach(function (entry) {
      entry.groups.forEach(function (g) {
        matched[g] = true;
      });
    });
    return {
      groups: groups,
      ids: chosen.map(function (entry) {
        return entry.id;
      }),
      need: best || groups.length, // how many groups a practice shown matches
      partial: best > 0 && best < groups.length,
      matched: groups
        .map(function (_, g) {
          return g;
        })
        .filter(function (g) {
          return matched[g];
        }),
    };
  }

  /* The reading of `text` through an asynchronous engine (module comment). */
  function find(text, engine) {
    return ready().then(function () {
      var groups = parse(text);
      if (!groups.length) return combine(groups, []);
      return Promise.resolve(engine.all ? engine.all(groups) : null).then(function (all) {
        // every group matched at once: as if each group had found them
        if (all && all.size) return combine(groups, groups.map(function () { return all; }));
        if (all && groups.length === 1) return combine(groups, []); // nothing, and no part
        return Promise.all(groups.map(engine.one)).then(function (perGroup) {
          return combine(groups, perGroup);
        });
      });
    });
  }

  function lang() {
    return (document.documentElement.lang || "es").slice(0, 2);
  }

  /* Write the reading into `box` (module comment); hidden when there is nothing to say. */
  function note(box, reading) {
    var groups = reading ? reading.groups : [];
    box.replaceChildren();
    box.dataset.concepts = groups.filter(function (g) { return g.concept; })
      .map(function (g) { return g.concept; }).join(" ");
    box.dataset.words = groups.filter(function (g) { return !g.concept; })
      .map(function (g) { return g.word; }).join(" ");
    box.dataset.partial = reading && reading.partial ? "true" : "false";
    var concepts = groups.filter(function (g) {
      return g.concept && vocabulary && vocabulary.concepts[g.concept];
    });
    if (concepts.length) {
      var line = document.createElement("p");
      line.className = "bp-query__concepts";
      line.appendChild(document.createTextNode((config.concepts || "") + " "));
      concepts.forEach(function (group, k) {
        var entry = vocabulary.concepts[group.concept];
        var link = document.createElement("a");
        link.href = new URL((config.conceptBase || "") + group.concept + "/", location.href).href;
        link.textContent = entry.label[lang()] || group.concept;
        link.dataset.concept = group.concept;
        line.appendChild(link);
        var terms = (entry.terms[lang()] || []).slice(0, TERMS_SHOWN);
        var more = (entry.terms[lang()] || []).length > TERMS_SHOWN ? ", …" : "";
        line.appendChild(document.createTextNode(" (" + terms.join(", ") + more + ")" +
          (k < concepts.length - 1 ? "; " : "")));
      });
      box.appendChild(line);
    }
    if (reading && reading.partial) {
      var partial = document.createElement("p");
      partial.className = "bp-query__partial";
      var parts = (config.partial || "{matched}").split("{matched}");
      partial.appendChild(document.createTextNode(parts[0]));
      reading.matched.forEach(function (g, k) {
        var strong = document.createElement("strong");
        strong.textContent = groups[g].concept && vocabulary && vocabulary.concepts[groups[g].concept]
          ? vocabulary.concepts[groups[g].concept].label[lang()]
          : groups[g].text;
        if (k) partial.appendChild(document.createTextNode(", "));
        partial.appendChild(strong);
      });
      partial.appendChild(document.createTextNode(parts.slice(1).join("{matched}")));
      box.appendChild(partial);
    }
    box.hidden = !box.children.length;
  }

  /* A box for note(), in a polite live region. */
  function noteBox() {
    var box = document.createElement("div");
    box.className = "bp-query";
    box.setAttribute("aria-live", "polite");
    box.hidden = true;
    return box;
  }

  var api = {
    fold: fold,
    tokens: tokens,
    ready: ready,
    parse: parse,
    combine: combine,
    find: find,
    note: note,
    noteBox: noteBox,
    loaded: function () {
      return vocabulary !== null;
    },
    /* A concept's first term in the page's language, its main name ("children"), or null. */
    term: function (concept) {
      var entry = vocabulary && vocabulary.concepts[concept];
      return entry && entry.terms[lang()] && entry.terms[lang()].length ? entry.terms[lang()][0] : null;
    },
    prepare: function (data) { // tests: a vocabulary without fetching it
      vocabulary = prepare(data);
      loading = Promise.resolve(true);
    },
  };
  if (typeof window !== "undefined") window.BPQuery = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})();
