import { PolicyDocument } from "./serviceAccountRole";

/**
 * The IAM policy of the AWS Load Balancer Controller v3.5.0: the same grants
 * and tag conditions as the upstream policy (docs/install/iam_policy.json,
 * 16 statements, 80 distinct actions), written as code so that each condition says
 * what it protects. The controller tags what it creates with
 * `elbv2.k8s.aws/cluster`; mutations are allowed only on resources carrying
 * that tag, and tags may be set only while creating them.
 */

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
/** The request creates a resource that carries the controller's tag. */
const REQUEST_TAGGED = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "false" } };
/** The resource acted on carries the controller's tag. */
const RESOURCE_TAGGED = { Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" } };
/** Changing tags of a tagged resource, without touching the controller's own tag. */
const RETAG_OWNED = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true", [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" } };

const SECURITY_GROUPS = "arn:aws:ec2:*:*:security-group/*";
const TARGET_GROUPS = "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*";
const LOAD_BALANCERS = [
    TARGET_GROUPS,
    "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
    "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
];
const LISTENERS = [
    "arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*",
    "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
    "arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*",
    "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*",
];

const elb = (...actions: string[]) => actions.map((a) => `elasticloadbalancing:${a}`);
const ec2 = (...actions: string[]) => actions.map((a) => `ec2:${a}`);

export function lbControllerPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CreateElbServiceLinkedRole",
                Effect: "Allow",
                Action: ["iam:CreateServiceLinkedRole"],
                Resource: "*",
                Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
            },
            {
                Sid: "Describe",
                Effect: "Allow",
                Action: [
                    ...ec2(
                        "DescribeAccountAttributes",
                        "DescribeAddresses",
                        "DescribeAvailabilityZones",
                        "DescribeInternetGateways",
                        "DescribeVpcs",
                        "DescribeVpcPeeringConnections",
                        "DescribeSubnets",
                        "DescribeSecurityGroups",
                        "DescribeInstances",
                        "DescribeNetworkInterfaces",
                        "DescribeTags",
                        "GetCoipPoolUsage",
                        "DescribeCoipPools",
                        "GetSecurityGroupsForVpc",
                        "DescribeIpamPools",
                        "DescribeRouteTables",
                    ),
                    ...elb(
                        "DescribeLoadBalancers",
                        "DescribeLoadBalancerAttributes",
                        "DescribeListeners",
                        "DescribeListenerCertificates",
                        "DescribeSSLPolicies",
                        "DescribeRules",
                        "DescribeTargetGroups",
                        "DescribeTargetGroupAttributes",
                        "DescribeTargetHealth",
                        "DescribeTags",
                        "DescribeTrustStores",
                        "DescribeListenerAttributes",
                        "DescribeCapacityReservation",
                    ),
                ],
                Resource: "*",
            },
            {
                Sid: "CertificatesWafShieldCognito",
                Effect: "Allow",
                Action: [
                    "cognito-idp:DescribeUserPoolClient",
                    "acm:ListCertificates",
                    "acm:DescribeCertificate",
                    "iam:ListServerCertificates",
                    "iam:GetServerCertificate",
                    "waf-regional:GetWebACL",
                    "waf-regional:GetWebACLForResource",
                    "waf-regional:AssociateWebACL",
                    "waf-regional:DisassociateWebACL",
                    "wafv2:GetWebACL",
                    "wafv2:GetWebACLForResource",
                    "wafv2:AssociateWebACL",
                    "wafv2:DisassociateWebACL",
                    "shield:GetSubscriptionState",
                    "shield:DescribeProtection",
                    "shield:CreateProtection",
                    "shield:DeleteProtection",
                ],
                Resource: "*",
            },
            {
                Sid: "SecurityGroupIngress",
                Effect: "Allow",
                Action: ec2("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"),
                Resource: "*",
            },
            { Sid: "CreateSecurityGroup", Effect: "Allow", Action: ec2("CreateSecurityGroup"), Resource: "*" },
            {
                Sid: "TagNewSecurityGroup",
                Effect: "Allow",
                Action: ec2("CreateTags"),
                Resource: SECURITY_GROUPS,
                Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...REQUEST_TAGGED },
            },
            {
                Sid: "RetagOwnSecurityGroup",
                Effect: "Allow",
                Action: ec2("CreateTags", "DeleteTags"),
                Resource: SECURITY_GROUPS,
                Condition: RETAG_OWNED,
            },
            {
                Sid: "ManageOwnSecurityGroup",
                Effect: "Allow",
                Action: ec2("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "DeleteSecurityGroup"),
                Resource: "*",
                Condition: RESOURCE_TAGGED,
            },
            {
                Sid: "CreateTaggedLoadBalancer",
                Effect: "Allow",
                Action: elb("CreateLoadBalancer", "CreateTargetGroup"),
                Resource: "*",
                Condition: REQUEST_TAGGED,
            },
            {
                Sid: "ListenersAndRules",
                Effect: "Allow",
                Action: elb("CreateListener", "DeleteListener", "CreateRule", "DeleteRule"),
                Resource: "*",
            },
            {
                Sid: "RetagOwnLoadBalancer",
                Effect: "Allow",
                Action: elb("AddTags", "RemoveTags"),
                Resource: LOAD_BALANCERS,
                Condition: RETAG_OWNED,
            },
            { Sid: "TagListenersAndRules", Effect: "Allow", Action: elb("AddTags", "RemoveTags"), Resource: LISTENERS },
            {
                Sid: "ManageOwnLoadBalancer",
                Effect: "Allow",
                Action: elb(
                    "ModifyLoadBalancerAttributes",
                    "SetIpAddressType",
                    "SetSecurityGroups",
                    "SetSubnets",
                    "DeleteLoadBalancer",
                    "ModifyTargetGroup",
                    "ModifyTargetGroupAttributes",
                    "DeleteTargetGroup",
                    "ModifyListenerAttributes",
                    "ModifyCapacityReservation",
                    "ModifyIpPools",
                ),
                Resource: "*",
                Condition: RESOURCE_TAGGED,
            },
            {
                Sid: "TagNewLoadBalancer",
                Effect: "Allow",
                Action: elb("AddTags"),
                Resource: LOAD_BALANCERS,
                Condition: {
                    StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
                    ...REQUEST_TAGGED,
                },
            },
            { Sid: "RegisterTargets", Effect: "Allow", Action: elb("RegisterTargets", "DeregisterTargets"), Resource: TARGET_GROUPS },
            {
                Sid: "ListenerSettings",
                Effect: "Allow",
                Action: elb(
                    "SetWebAcl",
                    "ModifyListener",
                    "AddListenerCertificates",
                    "RemoveListenerCertificates",
                    "ModifyRule",
                    "SetRulePriorities",
                ),
                Resource: "*",
            },
        ],
    };
}
