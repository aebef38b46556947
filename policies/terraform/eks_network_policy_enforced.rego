# METADATA
# title: EKS enforces Kubernetes NetworkPolicy
# description: |
#   Without a policy engine, NetworkPolicy objects are silently ignored. Every aws_eks_cluster has a
#   "vpc-cni" aws_eks_addon joined to it (cluster_name resolved through input.references, or the known
#   cluster name) whose configuration_values (JSON) set enableNetworkPolicy "true", unless the plan
#   installs an alternative engine (a helm_release of a chart in network_policy_engines: calico,
#   cilium, tigera-operator). configuration_values unknown until apply pass.
# custom:
#   id: TF-EKS-NETWORK-POLICY-ENFORCED
#   severity: medium
#   controls: ["hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(e)(1)", "gxp-part11:11.10(d)", "gxp-annex11:12.1"]
#   remediation: 'Add aws_eks_addon { cluster_name = aws_eks_cluster.<name>.name, addon_name = "vpc-cni", configuration_values = jsonencode({ enableNetworkPolicy = "true" }) } (VPC CNI 1.14+), or install Calico or Cilium.'
#   kinds: [terraform]
package evident.checks.terraform.eks_network_policy_enforced

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("EKS cluster %s does not enforce NetworkPolicy: no vpc-cni add-on with enableNetworkPolicy = \"true\" and no Calico/Cilium release in this plan%s", [c, tf.unresolved_note("aws_eks_addon")]),
	"resource": c,
} if {
	some c in tf.by_type.aws_eks_cluster
	not enforced(c)
	not alternative_engine
}

violation contains {
	"msg": sprintf("vpc-cni add-on %s of EKS cluster %s does not enable network policy; set configuration_values = jsonencode({enableNetworkPolicy = \"true\"})", [a, c]),
	"resource": a,
	"path": "after.configuration_values",
} if {
	some c in tf.by_type.aws_eks_cluster
	some a in tf.companions[[c, "aws_eks_addon"]]
	tf.value(a, ["addon_name"]) == "vpc-cni"
	not enables(a)
	not alternative_engine
}

enforced(c) if {
	some a in tf.companions[[c, "aws_eks_addon"]]
	tf.value(a, ["addon_name"]) == "vpc-cni"
	enables(a)
}

enables(a) if tf.unknown(a, ["configuration_values"])

enables(a) if {
	conf := json.unmarshal(tf.value(a, ["configuration_values"]))
	tf.is_true(conf.enableNetworkPolicy)
}

alternative_engine if {
	some r in tf.by_type.helm_release
	tf.value(r, ["chart"]) in tf.network_policy_engines
}
