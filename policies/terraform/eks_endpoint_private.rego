# METADATA
# title: EKS API endpoints are private or CIDR-restricted
# description: |
#   Every aws_eks_cluster enables the private endpoint (vpc_config.endpoint_private_access = true) and
#   either disables the public endpoint or restricts public_access_cidrs to specific networks: not
#   empty, no 0.0.0.0/0, and inside allowed_cidrs when that setting is given. EKS defaults are public
#   with 0.0.0.0/0, so an unset or unknown CIDR list that no reference resolves counts as open.
# custom:
#   id: TF-EKS-ENDPOINT-PRIVATE
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: Set vpc_config { endpoint_private_access = true, endpoint_public_access = false } (reach the API over VPN/Direct Connect), or keep the public endpoint with public_access_cidrs limited to corporate egress CIDRs.
#   kinds: [terraform]
package evident.checks.terraform.eks_endpoint_private

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("EKS cluster %s exposes its API endpoint publicly to %s; set endpoint_public_access = false or restrict public_access_cidrs", [r, why]),
	"resource": r,
	"path": "after.vpc_config[0].public_access_cidrs",
} if {
	some r in tf.by_type.aws_eks_cluster
	public(r)
	some why in open_to(r)
}

violation contains {
	"msg": sprintf("EKS cluster %s has no private API endpoint; set vpc_config.endpoint_private_access = true so nodes and operators reach the API inside the VPC", [r]),
	"resource": r,
	"path": "after.vpc_config[0].endpoint_private_access",
} if {
	some r in tf.by_type.aws_eks_cluster
	not tf.is_true(tf.value(r, ["vpc_config", 0, "endpoint_private_access"]))
	not tf.unknown_exact(r, ["vpc_config", 0, "endpoint_private_access"])
}

public(r) if not tf.is_false(tf.value(r, ["vpc_config", 0, "endpoint_public_access"]))

cidrs_path := ["vpc_config", 0, "public_access_cidrs"]

open_to(r) := {"0.0.0.0/0 (EKS default)"} if {
	count(object.get(tf.after(r), cidrs_path, [])) == 0
	not tf.references[r]["vpc_config[0].public_access_cidrs"]
}

open_to(r) := {sprintf("%s%s", [c, note]) |
	some c in tf.value(r, cidrs_path)
	not allowed(c)
	note := everyone(c)
} if count(object.get(tf.after(r), cidrs_path, [])) > 0

allowed(c) if {
	c != "0.0.0.0/0"
	count(tf.allowed_cidrs) == 0
}

allowed(c) if {
	c != "0.0.0.0/0"
	some a in tf.allowed_cidrs
	net.cidr_contains(a, c)
}

everyone("0.0.0.0/0") := " (everyone)"

default everyone(_) := " (outside allowed_cidrs)"
