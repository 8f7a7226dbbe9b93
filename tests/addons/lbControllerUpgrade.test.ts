/**
 * A live stack's AWS Load Balancer Controller moved to another chart version
 * (lbControllerChartVersion, or a new default of the program's). Helm applies
 * a chart's crds/ at install only, never at an upgrade (Helm docs, "Custom
 * Resource Definitions"), and the controller's chart keeps its CRDs there
 * (kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller/crds/crds.yaml,
 * which changed between v3.0.0 and v3.4.0): the preview says to apply the new
 * version's CRDs first, and how.
 */
import * as assert from "node:assert/strict";
import { LB_CONTROLLER_DEFAULTS } from "../../components";
import { one, reveal } from "../harness";
import { deployedOutputs, runProgram, stackSettings, warningsAbout } from "../program";

const dev = stackSettings("dev");
const newer = { ...dev, "fastapi-eks:lbControllerChartVersion": "3.6.0" };

const warnings = (run: () => Promise<unknown>) => warningsAbout("lbControllerChartVersion", run);

describe("the load balancer controller's chart on a live stack", () => {
    let earlier: Record<string, unknown>;
    before(async () => {
        earlier = await deployedOutputs(await runProgram(dev));
    });

    it("records the chart the stack installed; Auto Mode's controller is its own", async () => {
        assert.equal((earlier.lastApplied as Record<string, unknown>).lbControllerChartVersion, LB_CONTROLLER_DEFAULTS.chartVersion);
        const auto = await deployedOutputs(await runProgram(stackSettings("auto-mode")));
        assert.equal((auto.lastApplied as Record<string, unknown>).lbControllerChartVersion, undefined);
    });

    it("another version: the release moves, and the preview says to apply that version's CRDs first", async () => {
        const said = await warnings(() => runProgram(newer, earlier, true));
        assert.equal(reveal(one("kubernetes:helm.sh/v3:Release", "platform-lb-controller-release").inputs).version, "3.6.0");
        assert.equal(said.length, 1, said.join("\n"));
        assert.match(
            said[0],
            /^fastapi-eks:lbControllerChartVersion: moves from 3\.5\.0 to 3\.6\.0, .*helm show crds aws-load-balancer-controller --repo https:\/\/aws\.github\.io\/eks-charts --version 3\.6\.0 \| kubectl apply --server-side --force-conflicts -f - .*iam_policy\.json$/,
        );
    });

    it("the same version, or a new stack's first, says nothing", async () => {
        assert.deepEqual(await warnings(() => runProgram(dev, earlier, true)), []);
        assert.deepEqual(await warnings(() => runProgram(newer, {}, true)), []);
    });
});
