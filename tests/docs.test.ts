/** The commands the README and docs/ give a newcomer: each one must work as written. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_KEYS } from "../config";
import { ROOT } from "./program";

const DOCS = ["README.md", "DEVELOPERS.md", "stacks/README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`)];
const text = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");
/** Every inline or fenced command that starts with `tool`. */
const commands = (tool: string) =>
    DOCS.flatMap((f) => [...text(f).matchAll(new RegExp(`\\b${tool} [^\`\\n]*`, "g"))].map((m) => ({ file: f, command: m[0] })));

describe("documented commands", () => {
    it("kubectl commands on the app's objects name their namespace", () => {
        const found = commands("kubectl").filter((c) => / (exec|get|describe|patch|logs|rollout|port-forward) /.test(c.command));
        assert.ok(found.length > 5);
        for (const c of found) assert.match(c.command, / -n |--namespace/, `${c.file}: ${c.command}`);
    });

    it("aws eks update-kubeconfig names the region", () => {
        const found = commands("aws eks update-kubeconfig");
        assert.ok(found.length > 0);
        for (const c of found) assert.match(c.command, /--region /, `${c.file}: ${c.command}`);
    });

    it("pulumi config commands are ones the CLI has", () => {
        // pulumi/pulumi pkg/cmd/pulumi/config: get, rm, rm-all, set, set-all, refresh, cp, env.
        const found = commands("pulumi config");
        assert.ok(found.length > 5);
        for (const c of found)
            assert.match(c.command, /^pulumi config( (get|rm|rm-all|set|set-all|refresh|cp|env)\b|$| --)/, `${c.file}: ${c.command}`);
    });

    it("the README is one page, with the two set-up commands in its first 40 lines", () => {
        const lines = text("README.md").split("\n");
        assert.ok(lines.length <= 300, `${lines.length} lines`);
        for (const command of ["npm ci && pulumi stack select --create dev && pulumi up", "npm ci && npm test"]) {
            const at = lines.indexOf(command);
            assert.ok(at >= 0 && at < 40, `${command}: line ${at + 1}`);
        }
    });

    it("the README's figures of what the dev stack deploys are the declared defaults", () => {
        const readme = text("README.md").replace(/\s+/g, " ");
        const d = CONFIG_KEYS;
        for (const figure of [
            `Kubernetes ${d.kubernetesVersion.default}`,
            `${d.nodeMinSize.default} to ${d.nodeMaxSize.default} ${d.nodeInstanceType.default} managed nodes`,
            `over ${d.availabilityZoneCount.default} or 3 zones`,
        ])
            assert.ok(readme.includes(figure), figure);
    });

    it("the README's deploy command creates the stack before it sets config on it", () => {
        const deploy = text("README.md").split("## The two commands")[1].split("```sh")[1].split("```")[0];
        const select = deploy.indexOf("pulumi stack select --create dev");
        assert.ok(select >= 0, "it selects or creates the dev stack");
        for (const m of deploy.matchAll(/pulumi config set/g)) assert.ok((m.index ?? 0) > select, "config is set after the stack exists");
        assert.ok(deploy.trim().endsWith("pulumi up"));
    });
});

describe("toolchain", () => {
    it("npm refuses to install on a Node.js older than 22, instead of warning", () => {
        const npmrc = text(".npmrc")
            .split("\n")
            .map((l) => l.trim());
        assert.ok(npmrc.includes("engine-strict=true"), ".npmrc sets engine-strict");
        assert.equal(JSON.parse(text("package.json")).engines.node, ">=22");
        // .ci/run still brings Node 22+ onto a machine whose own is older.
        assert.match(text(".ci/run"), /node_major\)" -lt 22/);
    });
});

describe("paths in the docs", () => {
    it("every repository path the README, DEVELOPERS.md and docs/ name exists, and every link between them", () => {
        let named = 0;
        for (const f of DOCS) {
            const paths = [
                ...text(f).matchAll(/`((?:components|config|tests|tools|docs|stacks|policy)\/[\w./-]*\.(?:ts|md|yaml|mjs))`/g),
            ].map((m) => m[1]);
            named += paths.length;
            for (const p of paths) assert.ok(fs.existsSync(path.join(ROOT, p)), `${f}: ${p}`);
            // Relative Markdown links, and their #anchors, which GitHub derives from the headings.
            for (const [, target, anchor] of text(f).matchAll(/\]\((?!https?:)([^)#]*)(?:#([^)]+))?\)/g)) {
                const file = target === "" ? f : path.join(path.dirname(f), target);
                assert.ok(fs.existsSync(path.join(ROOT, file)), `${f}: link to ${target}`);
                if (anchor === undefined || !file.endsWith(".md")) continue;
                const slugs = [...text(file).matchAll(/^#+ (.*)$/gm)].map((m) =>
                    m[1]
                        .toLowerCase()
                        .replace(/[^\w\- ]/g, "")
                        .replace(/ /g, "-"),
                );
                assert.ok(slugs.includes(anchor), `${f}: ${file} has no heading for #${anchor}`);
            }
        }
        assert.ok(named > 20, `${named} paths`);
    });
});
