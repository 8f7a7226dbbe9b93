/** Stack estimates for the cost tests: the program under mocks, then the estimate of what it registered. */
import * as assert from "node:assert/strict";
import { Estimate, estimate } from "../../tools/costModel";
import { main as costMain } from "../../tools/cost";
import { MOCK_STACK, registrations } from "../harness";
import { ROOT, StackSettings, asStack, runProgram } from "../program";

export async function costOf(settings: StackSettings, region = "us-east-1"): Promise<Estimate> {
    await runProgram(settings);
    assert.ok(registrations().length > 0);
    return estimate(registrations(), region);
}
export const line = (e: Estimate, item: string) => e.lines.find((l) => l.item.startsWith(item));
export const monthly = (e: Estimate, item: string) => line(e, item)?.monthly;

export async function runCost(args: string[]): Promise<{ status: number; out: string }> {
    const out: string[] = [];
    const status = await asStack(MOCK_STACK, () =>
        costMain(args, { env: { INIT_CWD: ROOT }, out: (l) => out.push(l), err: (l) => out.push(l) }),
    );
    return { status, out: out.join("\n") };
}
