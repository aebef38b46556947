package evident.checks.terraform.eks_network_policy_enforced_test

import data.evident.checks.terraform.eks_network_policy_enforced as check
import data.evident.lib.terraform_testing as t

cluster := t.rcu("module.eks.aws_eks_cluster.this[0]", "aws_eks_cluster", {"name": "ml"}, {"arn": true})

addon(conf) := t.rc("aws_eks_addon.cni", "aws_eks_addon", {"addon_name": "vpc-cni", "cluster_name": "ml", "configuration_values": conf})

refs := {"aws_eks_addon.cni": {"cluster_name": ["module.eks.aws_eks_cluster.this[0]"]}}

test_no_addon_fires if {
	vs := check.violation with input as t.plan([cluster])
	count(vs) == 1
	some v in vs
	v.resource == "module.eks.aws_eks_cluster.this[0]"
}

test_addon_with_network_policy_passes if {
	count(check.violation) == 0 with input as t.plan_refs([cluster, addon("{\"enableNetworkPolicy\":\"true\"}")], refs)
	count(check.violation) == 0 with input as t.plan_refs([cluster, addon("{\"enableNetworkPolicy\":true,\"env\":{}}")], refs)
}

test_addon_without_network_policy_fires if {
	vs := check.violation with input as t.plan_refs([cluster, addon("{\"env\":{\"ENABLE_PREFIX_DELEGATION\":\"true\"}}")], refs)
	count(vs) == 2
	some v in vs
	v.resource == "aws_eks_addon.cni"
}

# Joined by the known cluster name when no reference resolves it.
test_join_by_name if {
	c := t.noop("aws_eks_cluster.ml", "aws_eks_cluster", {"name": "ml", "id": "ml"})
	count(check.violation) == 0 with input as t.raw([c, addon("{\"enableNetworkPolicy\":\"true\"}")])
}

test_cilium_release_passes if {
	h := t.rc("helm_release.cilium", "helm_release", {"chart": "cilium", "repository": "https://helm.cilium.io"})
	count(check.violation) == 0 with input as t.plan([cluster, h])
}
