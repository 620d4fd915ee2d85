/**
 * kubectl's JSONPath templates: every example of the Kubernetes "JSONPath Support" page over its sample input, then
 * the rest of the syntax, output formatting and kubectl's errors over a small book store.
 */
import { describe, expect, test } from 'vitest';
import type { Json } from './kubectlObjects';
import { compileJsonpath, renderJsonpath } from './kubectlJsonpath';
import { goSharpV, goV } from './kubectlGoFmt';

function run(template: string, data: Json, asJson = false): string {
  const c = compileJsonpath(template);
  if (!c.ok) return `parse error: ${c.error}`;
  const r = renderJsonpath(c.template, data, asJson);
  return r.ok ? r.text : `error: ${r.error}`;
}

/** The page's sample input. */
const sample: Json = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: { capacity: { cpu: '4' }, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2' },
      status: {
        capacity: { cpu: '8' },
        addresses: [{ type: 'LegacyHostIP', address: '127.0.0.2' }, { type: 'another', address: '127.0.0.3' }],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

const sampleJson = JSON.stringify({
  items: [
    {
      kind: 'None',
      metadata: { labels: { 'kubernetes.io/hostname': '127.0.0.1' }, name: '127.0.0.1' },
      status: { addresses: [{ address: '127.0.0.1', type: 'LegacyHostIP' }], capacity: { cpu: '4' } },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2' },
      status: { addresses: [{ address: '127.0.0.2', type: 'LegacyHostIP' }, { address: '127.0.0.3', type: 'another' }], capacity: { cpu: '8' } },
    },
  ],
  kind: 'List',
  users: [{ name: 'myself', user: {} }, { name: 'e2e', user: { password: 'secret', username: 'admin' } }],
});

describe('the JSONPath Support page', () => {
  // The page's result column shows the library's Go String() forms (`[a b]` for a list, `map[cpu:4]` for a map);
  // kubectl itself joins a list's values with spaces and prints maps as JSON, which is what these expect.
  test.each<[string, string, string]>([
    ['text', 'kind is {.kind}', 'kind is List'],
    ['@: the current object', '{@}', sampleJson],
    ['child operator .', '{.kind}', 'List'],
    ['child operator []', "{['kind']}", 'List'],
    ['recursive descent', '{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
    ['wildcard', '{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ['subscript', '{.users[0].name}', 'myself'],
    ['union', "{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    ['filter', '{.users[?(@.name=="e2e")].user.password}', 'secret'],
    ['range, end', '{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}', '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '],
    ["'' quote interpreted string", "{range .items[*]}{.metadata.name}{'\\t'}{end}", '127.0.0.1\t127.0.0.2\t'],
    ['\\ escape termination character', '{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['$ is optional', '{$.kind}', 'List'],
    ['double quotes quote text', '{"kind: "}{.kind}', 'kind: List'],
    ['negative index', '{.users[-1].name}', 'e2e'],
    ['negative index down to -length', '{.users[-2].name}', 'myself'],
  ])('%s: %s', (_name, template, want) => {
    expect(run(template, sample)).toBe(want);
  });

  test("{['name\\.type']}: an escaped dot is part of the key", () => {
    expect(run("{['name\\.type']}", { 'name.type': 'List', name: { type: 'nested' } })).toBe('List');
    expect(run("{['name.type']}", { 'name.type': 'List', name: { type: 'nested' } })).toBe('nested');
  });

  test('negative indices do not wrap around', () => {
    expect(run('{.users[-3].name}', sample)).toBe('error: array index out of bounds: index -1, length 2');
  });

  test('the kubectl examples', () => {
    expect(run('{.items[0]}', sample)).toBe(JSON.stringify((JSON.parse(sampleJson) as { items: Json[] }).items[0]));
    expect(run('{.items[0].metadata.name}', sample)).toBe('127.0.0.1');
    // No startTime in the sample: a missing key prints nothing.
    expect(run('{range .items[*]}{.metadata.name}{"\\t"}{.status.startTime}{"\\n"}{end}', sample)).toBe('127.0.0.1\t\n127.0.0.2\t\n');
    // The Windows forms: single quotes inside a double-quoted template mean the same.
    expect(run("{range .items[*]}{.metadata.name}{'\\t'}{.status.startTime}{'\\n'}{end}", sample)).toBe('127.0.0.1\t\n127.0.0.2\t\n');
  });

  test('regular expressions are not supported', () => {
    expect(run('{.items[?(@.metadata.name=~/^test$/)].metadata.name}', sample))
      .toBe('parse error: regular expressions are not supported in filters (=~)');
  });
});

const store: Json = {
  Name: 'jsonpath',
  Book: [
    { Category: 'reference', Author: 'Nigel Rees', Title: 'Sayings of the Centurey', Price: 8.95 },
    { Category: 'fiction', Author: 'Evelyn Waugh', Title: 'Sword of Honour', Price: 12.99 },
    { Category: 'fiction', Author: 'Herman Melville', Title: 'Moby Dick', Price: 8.99 },
  ],
  Bicycle: [{ Color: 'red', Price: 19.95, IsNew: true }, { Color: 'green', Price: 20.01, IsNew: false }],
  Labels: { engieer: 10, 'web/html': 15, 'k8s-app': 20 },
  Employees: { jack: 'manager', jerry: 'engineer' },
};

describe('templates', () => {
  test.each<[string, string, Json, string]>([
    ['plain', 'hello jsonpath', null, 'hello jsonpath'],
    ['recursive', '{..}', [1, 2, 3], '[1,2,3]'],
    ['.. skips empty lists', '{..[0]}', [[], ['x']], '[] x'],
    ['filter on @', '{[?(@<5)]}', [2, 6, 3, 7], '2 3'],
    ['quote', '{"{"}', null, '{'],
    ['union', '{[1,3,4]}', [0, 1, 2, 3, 4], '1 3 4'],
    ['array', '{[0:2]}', ['Monday', 'Tudesday'], 'Monday Tudesday'],
    ['slice with step', '{[0:5:2]}', [0, 1, 2, 3, 4], '0 2 4'],
    ['open slice with step', '{[::3]}', [0, 1, 2, 3, 4], '0 3'],
    ['empty slice', '{[1:1]}', [0], ''],
    ['variable', 'hello {.Name}', store, 'hello jsonpath'],
    ['dict/', '{$.Labels.web/html}', store, '15'],
    ['dict/', '{$.Employees.jack}', store, 'manager'],
    ['dict-', '{.Labels.k8s-app}', store, '20'],
    ['nest', '{.Bicycle[*].Color}', store, 'red green'],
    ['allarray', '{.Book[*].Author}', store, 'Nigel Rees Evelyn Waugh Herman Melville'],
    ['allfields', '{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}', store, '{red true 19.95} {green false 20.01} '],
    ['[*] over a map', '{.Employees[*]}', store, 'manager engineer'],
    ['recurfields', '{..Price}', store, '19.95 20.01 8.95 12.99 8.99'],
    ['allstructsSlice', '{.Bicycle}', store, '[{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}]'],
    ['allstructs', '{range .Bicycle[*]}{ @ }{ " " }{end}', store, '{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} '],
    ['lastarray', '{.Book[-1:]}', store, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'],
    ['recurarray', '{..Book[2]}', store, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'],
    ['bool', '{.Bicycle[?(@.IsNew==true)]}', store, '{"Color":"red","IsNew":true,"Price":19.95}'],
    ['price filter', '{.Book[?(@.Price<9.0)].Title}', store, 'Sayings of the Centurey Moby Dick'],
    ['numbers compare as numbers', '{.Book[?(@.Price<9)].Title}', store, 'Sayings of the Centurey Moby Dick'],
    ['!=', '{.Book[?(@.Category!="fiction")].Author}', store, 'Nigel Rees'],
    ['>=', '{.Bicycle[?(@.Price>=20)].Color}', store, 'green'],
    ['<=', '{.Bicycle[?(@.Price<=19.95)].Color}', store, 'red'],
    ['> on strings', "{.Book[?(@.Category>'f')].Category}", store, 'reference fiction fiction'],
    ['existence', '{.x[?(@.a)].b}', { x: [{ a: 1, b: 'one' }, { b: 'two' }, { a: false, b: 'three' }] }, 'one three'],
    ['int filter', '{.Labels[?(@>12)]}', { Labels: [10, 15, 20] }, '15 20'],
    ['single-quoted key', "{.Labels['k8s-app']}", store, '20'],
    ['double-quoted key', '{.Labels["web/html"]}', store, '15'],
    ['quoted keys union', "{.Employees['jack','jerry']}", store, 'manager engineer'],
    ['escaped dot', '{.Labels.web/html}', { Labels: { 'web/html': 1, 'a.b': 2 } }, '1'],
    ['escaped dot 2', '{.Labels.a\\.b}', { Labels: { 'a.b': 2 } }, '2'],
    ['missing key prints nothing', '{.Nope}{.Name}', store, 'jsonpath'],
    ['null prints <nil>', '{.a}', { a: null }, '<nil>'],
    ['concatenation', '{.Name}{"\\t"}{.Employees.jack}{"\\n"}', store, 'jsonpath\tmanager\n'],
    ['escapes', '{"a\\tb\\x41\\u00e9\\101\\\\"}', null, 'a\tbAéA\\'],
    ['empty action', 'a{}b', null, 'ab'],
    ['an empty range prints nothing, the rest still prints', '{range .x[*]}{@}{end}after', { x: [] }, 'after'],
    ['range without end runs to the end', '{range .x[*]}{@},', { x: [1, 2] }, '1,2,'],
    ['nested ranges', '{range .x[*]}{.n}:{range .v[*]}{@} {end};{end}', { x: [{ n: 'a', v: [1, 2] }, { n: 'b', v: [3] }] }, 'a:1 2 ;b:3 ;'],
    ['filter inside a filter', '{.p[?(@.c[?(@.t=="Ready")])].n}', { p: [{ n: 'x', c: [{ t: 'Ready' }] }, { n: 'y', c: [{ t: 'Other' }] }] }, 'x'],
  ])('%s: %s', (_name, template, data, want) => {
    expect(run(template, data)).toBe(want);
  });

  test('jsonpath-as-json: each action as an indented JSON array', () => {
    expect(run('{.Book[*].Price}', store, true)).toBe('[\n    8.95,\n    12.99,\n    8.99\n]\n');
    expect(run('{.Nope}', store, true)).toBe('[]\n');
  });
});

describe('errors', () => {
  test.each([
    ['{....Price}', 'parse error: invalid multiple recursive descent'],
    ['{.a', 'parse error: unclosed action'],
    ['{.a\n}', 'parse error: unclosed action'],
    ['{.a[0}', 'parse error: unterminated array'],
    ['{"abc}', 'parse error: unterminated quoted string'],
    ['{.a[?(@.b}', 'parse error: unterminated filter'],
    ['{.a[?(@.b)}', 'parse error: unclosed array expect ]'],
    ['{.a[1:b]}', 'parse error: invalid array index 1:b'],
    ['{.a[]}', 'parse error: invalid array index: empty []'],
    ['{1.2.3}', 'parse error: cannot parse number 1.2.3'],
    ['{"\\q"}', 'parse error: unquote string "\\q" error invalid syntax'],
    ['{!}', "parse error: unrecognized character in action: U+0021 '!'"],
    ['{.a b}', 'parse error: unexpected "b" in action'],
    ['{.a[?(@.b="x")]}', 'parse error: invalid filter operator =, use =='],
  ])('%s -> %s', (template, want) => {
    expect(run(template, store)).toBe(want);
  });

  test.each<[string, Json, string]>([
    ['{.Book[5]}', store, 'error: array index out of bounds: index 5, length 3'],
    ['{.Book[1:9]}', store, 'error: array index out of bounds: index 8, length 3'],
    ['{.Book[2:1]}', store, 'error: starting index 2 is greater than ending index 1'],
    ['{.Book[0:2:0]}', store, 'error: step must be > 0'],
    ['{.Name[0]}', store, 'error: string is not array or slice'],
    ['{.Name[?(@.a)]}', store, 'error: jsonpath is not array or slice and cannot be filtered'],
    ['{foo}', store, 'error: unrecognized identifier foo'],
    ['{end}', store, 'error: not in range, nothing to end'],
    ['{.Book[?(@.Price=="x")]}', store, 'error: incompatible types for comparison'],
    ['{.Bicycle[?(@.IsNew<true)]}', store, 'error: invalid type for comparison'],
    ['{.x[?(@.a==1)]}', { x: [{ a: [1, 2] }] }, 'error: invalid type for comparison'],
    ['{.x[?(@.a[*]==1)]}', { x: [{ a: [1, 2] }] }, 'error: can only compare one element at a time'],
  ])('%s fails: %s', (template, data, want) => {
    expect(run(template, data)).toBe(want);
  });
});

describe('Go value formatting', () => {
  test('%v and %#v of decoded JSON', () => {
    expect(goV({ b: [1, 'x'], a: null })).toBe('map[a:<nil> b:[1 x]]');
    expect(goV(1234567.5)).toBe('1.2345675e+06');
    expect(goV(0.5)).toBe('0.5');
    expect(goSharpV({ a: 'v', n: 1, l: [true, null] })).toBe('map[string]interface {}{"a":"v", "l":[]interface {}{true, interface {}(nil)}, "n":1}');
  });
});
