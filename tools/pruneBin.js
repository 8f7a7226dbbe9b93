// Deletes compiled files in bin/ whose TypeScript source is gone (a moved or deleted file), before
// `tsc -b` compiles what changed: Node would otherwise still load them, e.g. a stale
// bin/components/network.js shadows bin/components/network/index.js for require("../network").
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const bin = path.join(root, "bin");

function prune(dir) {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            prune(full);
            if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
            continue;
        }
        const m = /^(.*)\.js(\.map)?$/.exec(entry.name);
        if (!m) continue;
        const source = path.join(root, path.relative(bin, dir), `${m[1]}.ts`);
        if (!fs.existsSync(source)) fs.rmSync(full);
    }
}

prune(bin);
