// Run one Pagefind search against a built site served over HTTP, without a browser:
//   node pagefind_query.mjs SITE_DIR BASE_URL BUNDLE LANG QUERY [FILTERS_JSON]
// Loads SITE_DIR/BUNDLE/pagefind.js (BUNDLE: the language's bundle folder, pagefind/ or
// en/pagefind/; the same search code the pages use), makes it pick
// the index of LANG the way it does in a page (from <html lang>), and prints
// {"results": [{"url", "title", "filters"}], "filters": {...}} as JSON.
import { pathToFileURL } from "node:url";
import path from "node:path";

const [siteDir, baseUrl, bundle, lang, query, filtersJson] = process.argv.slice(2);
globalThis.document = {
  currentScript: null,
  querySelector: (selector) => (selector === "html" ? { getAttribute: () => lang } : null),
};
const pagefind = await import(pathToFileURL(path.join(siteDir, bundle, "pagefind.js")).href);
await pagefind.options({ basePath: new URL(bundle, baseUrl).href, baseUrl: "/" });
const search = await pagefind.search(query, { filters: JSON.parse(filtersJson || "{}") });
const results = [];
for (const result of search.results) {
  const data = await result.data();
  results.push({ url: data.url, title: data.meta.title, filters: data.filters });
}
console.log(JSON.stringify({ results, filters: await pagefind.filters() }));
