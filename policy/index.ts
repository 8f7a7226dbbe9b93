// The fastapi-eks policy pack. Pull-request checks run it with
//   pulumi preview --policy-pack policy
// Its rules live in rules.ts, where the tests run them; never import this file
// in a test: constructing a PolicyPack starts the policy server.
import { PolicyPack } from "@pulumi/policy";
import { RULES, toPolicies } from "./rules";

new PolicyPack("fastapi-eks", { policies: toPolicies(RULES) });
