# METADATA
# title: Instances and launch templates require IMDSv2
# description: |
#   aws_instance and aws_launch_template set metadata_options.http_tokens = "required" (or disable the
#   endpoint with http_endpoint = "disabled"); without metadata_options the instance metadata service
#   accepts IMDSv1. Launch templates used by an aws_eks_node_group also keep
#   http_put_response_hop_limit at 1 so pods cannot reach the node's credentials. An http_tokens value
#   unknown until apply passes.
# custom:
#   id: TF-EC2-IMDSV2
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: Add metadata_options { http_endpoint = "enabled", http_tokens = "required", http_put_response_hop_limit = 1 } to the instance or launch template (use 2 only for nodes whose pods need IMDS without IRSA/Pod Identity).
#   kinds: [terraform]
package evident.checks.terraform.ec2_imdsv2

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("%s does not require IMDSv2 (http_tokens = %q); set metadata_options.http_tokens = \"required\"", [r, tokens(r)]),
	"resource": r,
	"path": "after.metadata_options[0].http_tokens",
} if {
	some typ in ["aws_instance", "aws_launch_template"]
	some r in tf.by_type[typ]
	not tf.value(r, ["metadata_options", 0, "http_endpoint"]) == "disabled"
	not tf.value(r, ["metadata_options", 0, "http_tokens"]) == "required"
	not tf.unknown_exact(r, ["metadata_options", 0, "http_tokens"])
}

violation contains {
	"msg": sprintf("launch template %s is used by EKS node group %s and allows %d network hops to IMDS, so pods can read the node's credentials; set metadata_options.http_put_response_hop_limit = 1", [r, ng, hops]),
	"resource": r,
	"path": "after.metadata_options[0].http_put_response_hop_limit",
} if {
	some ng in tf.by_type.aws_eks_node_group
	some attr in ["launch_template[0].id", "launch_template[0].name"]
	some r in tf.references[ng][attr]
	tf.changes[r].type == "aws_launch_template"
	hops := tf.value(r, ["metadata_options", 0, "http_put_response_hop_limit"])
	hops > 1
}

default tokens(_) := "unset (optional)"

tokens(r) := tf.value(r, ["metadata_options", 0, "http_tokens"])
