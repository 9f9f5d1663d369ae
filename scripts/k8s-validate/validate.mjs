// Validates rendered Kubernetes manifests offline, every object of every file given, two ways:
//  1. kubernetes-models' validators (compiled from the Kubernetes OpenAPI schemas; the
//     prometheus-operator package for ServiceMonitor and PrometheusRule): required fields, types,
//     enums, formats such as int32 and quantities.
//  2. TypeScript's type checker over the same objects as typed object literals (the packages'
//     declarations): it also rejects fields the API does not have (a typo such as runAsNonroot,
//     or a field at the wrong level), which the validators in 1 let through and which
//     `kubectl apply` (strict field validation) would refuse.
// An object whose apiVersion/kind has no schema here is an error, not a skip.
// Usage: node validate.mjs FILE.yaml...   (scripts/k8s-validate.sh sets this up)
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const LOCAL_TYPES = { "secrets-store.csi.x-k8s.io/v1": "./secrets-store.js" };

function modulePath(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (LOCAL_TYPES[apiVersion]) return null;
  if (group === "") return `kubernetes-models/${version}/${kind}`;
  if (group === "monitoring.coreos.com") {
    return `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
  }
  return `kubernetes-models/${group}/${version}/${kind}`;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE.yaml...");
  process.exit(2);
}

const objects = [];
const problems = [];
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      problems.push(`${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj == null) continue;
    const id = `${file}: ${obj.kind} ${obj.metadata?.namespace ?? "-"}/${obj.metadata?.name}`;
    if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
      problems.push(`${id}: no apiVersion/kind`);
      continue;
    }
    objects.push({ id, obj });
  }
}

// 1. Runtime validators.
let runtimeChecked = 0;
for (const o of objects) {
  const { apiVersion, kind } = o.obj;
  const path = modulePath(apiVersion, kind);
  if (path == null) continue; // local type declaration only: checked in step 2
  let mod;
  try {
    mod = await import(path);
  } catch (e) {
    problems.push(`${o.id}: no schema for ${apiVersion} ${kind} (${path}: ${e.code ?? e.message})`);
    o.untyped = true;
    continue;
  }
  const Model = mod[kind];
  if (typeof Model !== "function") {
    problems.push(`${o.id}: ${path} exports no model ${kind}`);
    o.untyped = true;
    continue;
  }
  o.module = path;
  try {
    new Model(o.obj).validate();
    runtimeChecked++;
  } catch (e) {
    problems.push(`${o.id}: schema: ${e.message}`);
  }
}

// 2. Strict types: one typed literal per object in check.ts, compiled with tsc --noEmit.
const lines = [];
const ranges = [];
objects.forEach((o, i) => {
  if (o.untyped) return;
  const { apiVersion, kind } = o.obj;
  const from = o.module ?? LOCAL_TYPES[apiVersion];
  lines.push(`import type { I${kind} as T${i} } from ${JSON.stringify(from)};`);
});
objects.forEach((o, i) => {
  if (o.untyped) return;
  const body = `export const o${i}: T${i} = ${JSON.stringify(o.obj, null, 2)};`.split("\n");
  ranges.push({ first: lines.length + 1, last: lines.length + body.length, o });
  lines.push(...body);
});
writeFileSync(join(here, "check.ts"), lines.join("\n") + "\n");
writeFileSync(join(here, "tsconfig.json"), JSON.stringify({
  compilerOptions: {
    strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext",
    skipLibCheck: true, types: [],
  },
  files: ["check.ts"],
}, null, 2));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
let tscOut = "";
try {
  execFileSync(process.execPath, [tsc, "-p", join(here, "tsconfig.json"), "--pretty", "false"],
    { cwd: here, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
} catch (e) {
  tscOut = `${e.stdout ?? ""}${e.stderr ?? ""}`;
  if (!tscOut.trim()) tscOut = `tsc failed: ${e.message}`;
}
for (const line of tscOut.split("\n").filter((l) => l.trim())) {
  const m = /^check\.ts\((\d+),(\d+)\): (.*)$/.exec(line);
  if (!m) {
    problems.push(`tsc: ${line}`);
    continue;
  }
  const n = Number(m[1]);
  const r = ranges.find((x) => n >= x.first && n <= x.last);
  const src = lines[n - 1].trim();
  problems.push(`${r ? r.o.id : "check.ts"}: type: ${m[3]} (at ${src})`);
}

for (const p of problems) console.error(`INVALID ${p}`);
const typed = ranges.length;
console.log(`k8s-validate: ${objects.length} objects in ${files.length} files; ${runtimeChecked} passed the `
  + `schema validators, ${typed} were type-checked (strict fields); ${problems.length} problem(s)`);
process.exit(problems.length === 0 && objects.length > 0 ? 0 : 1);
