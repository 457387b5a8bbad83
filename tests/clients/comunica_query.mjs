// Run one query with Comunica against a SPARQL endpoint and print the answer as JSON:
//   node comunica_query.mjs ENDPOINT select|ask|construct QUERY
// select: [{var: {termType, value, language?, datatype?}}]; ask: true|false; construct: [[s, p, o]].
import { QueryEngine } from '@comunica/query-sparql';

const [endpoint, kind, query] = process.argv.slice(2);
const engine = new QueryEngine();
const context = { sources: [{ type: 'sparql', value: endpoint }], lenient: false };
const term = (t) => ({ termType: t.termType, value: t.value,
  ...(t.language ? { language: t.language } : {}),
  ...(t.datatype && t.termType === 'Literal' ? { datatype: t.datatype.value } : {}) });

let answer;
if (kind === 'select') {
  const rows = await (await engine.queryBindings(query, context)).toArray();
  answer = rows.map((b) => Object.fromEntries([...b].map(([v, t]) => [v.value, term(t)])));
} else if (kind === 'ask') {
  answer = await engine.queryBoolean(query, context);
} else if (kind === 'construct') {
  const quads = await (await engine.queryQuads(query, context)).toArray();
  answer = quads.map((q) => [q.subject.value, q.predicate.value, q.object.value]);
} else {
  console.error(`unknown query kind ${kind}: use select, ask or construct`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(answer));
