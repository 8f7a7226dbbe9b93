/** IAM documents as code: the Load Balancer Controller's policy and the service-account trust policies. */
import * as assert from "node:assert/strict";
import { irsaTrustPolicy, lbControllerPolicy, lbControllerValues, podIdentityTrustPolicy, subnetCidrs } from "../../components";

const actionsOf = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe("Load Balancer Controller IAM policy (v3.5.0)", () => {
    const policy = lbControllerPolicy();
    const all = policy.Statement.flatMap(actionsOf);

    it("has the upstream policy's 16 statements and 80 distinct actions (86 grants), all Allow", () => {
        assert.equal(policy.Statement.length, 16);
        assert.equal(new Set(all).size, 80);
        assert.equal(all.length, 86);
        assert.ok(policy.Statement.every((s) => s.Effect === "Allow"));
    });

    it("never grants every action: each action is named exactly", () => {
        assert.ok(!all.includes("*"));
        for (const s of policy.Statement)
            assert.ok(
                actionsOf(s).every((a) => /^[a-z0-9-]+:[A-Za-z]+$/.test(a)),
                `${s.Sid} names actions exactly`,
            );
    });

    it("creates load balancers, target groups and security groups only with the cluster tag", () => {
        const create = policy.Statement.find((s) => actionsOf(s).includes("elasticloadbalancing:CreateLoadBalancer"))!;
        assert.deepEqual(create.Condition, { Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" } });
        const tagSg = policy.Statement.find((s) => s.Sid === "TagNewSecurityGroup")!;
        assert.deepEqual(tagSg.Condition, {
            StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" },
            Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" },
        });
    });

    it("deletes and modifies only resources that carry the cluster tag", () => {
        for (const action of [
            "elasticloadbalancing:DeleteLoadBalancer",
            "elasticloadbalancing:DeleteTargetGroup",
            "ec2:DeleteSecurityGroup",
            "elasticloadbalancing:ModifyLoadBalancerAttributes",
        ]) {
            const s = policy.Statement.find((x) => actionsOf(x).includes(action))!;
            assert.deepEqual(s.Condition, { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } }, action);
        }
    });

    it("lets the service-linked role be created only for Elastic Load Balancing", () => {
        const slr = policy.Statement.find((s) => actionsOf(s).includes("iam:CreateServiceLinkedRole"))!;
        assert.deepEqual(slr.Condition, { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } });
    });
});

describe("service-account trust policies", () => {
    it("Pod Identity: the EKS pods service may assume the role and tag the session", () => {
        assert.deepEqual(podIdentityTrustPolicy().Statement, [
            { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
        ]);
    });

    it("IRSA: only the one service account, by sub and aud, whatever form the issuer comes in", () => {
        for (const issuer of ["oidc.eks.us-east-1.amazonaws.com/id/ABC", "https://oidc.eks.us-east-1.amazonaws.com/id/ABC"]) {
            const [st] = irsaTrustPolicy("arn:aws:iam::1:oidc-provider/x", issuer, "kube-system", "sa").Statement;
            assert.deepEqual(st.Condition, {
                StringEquals: {
                    "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:sa",
                    "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
                },
            });
        }
    });
});

describe("chart values and subnets", () => {
    it("one controller replica gets no PodDisruptionBudget, which would block node drains", () => {
        assert.deepEqual(lbControllerValues({ clusterName: "c", region: "r", vpcId: "v", replicas: 1 }).podDisruptionBudget, {});
        assert.deepEqual(lbControllerValues({ clusterName: "c", region: "r", vpcId: "v", replicas: 2 }).podDisruptionBudget, {
            maxUnavailable: 1,
        });
    });

    it("subnet CIDRs do not overlap and stay inside the VPC", () => {
        const { publicCidrs, privateCidrs } = subnetCidrs("10.20.0.0/16", 3);
        assert.deepEqual(publicCidrs, ["10.20.0.0/20", "10.20.16.0/20", "10.20.32.0/20"]);
        assert.deepEqual(privateCidrs, ["10.20.64.0/18", "10.20.128.0/18", "10.20.192.0/18"]);
        assert.throws(() => subnetCidrs("10.0.0.0/8", 2), /not a \/16/);
    });
});
