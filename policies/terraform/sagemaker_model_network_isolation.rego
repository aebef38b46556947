# METADATA
# title: SageMaker models run with network isolation inside a VPC
# description: Regulated aws_sagemaker_model resources (classified phi/gxp, or unclassified while treat_unclassified_as_regulated is on) set enable_network_isolation = true and a vpc_config with subnets.
# custom:
#   id: TF-SAGEMAKER-MODEL-NETWORK-ISOLATION
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: Set enable_network_isolation = true and vpc_config { subnets = [private subnets], security_group_ids = [...] } on the aws_sagemaker_model.
#   kinds: [terraform]
package evident.checks.terraform.sagemaker_model_network_isolation

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("SageMaker model %s can reach the network from its container; set enable_network_isolation = true", [r]),
	"resource": r,
	"path": "after.enable_network_isolation",
} if {
	some r in tf.by_type.aws_sagemaker_model
	tf.regulated(r)
	not tf.is_true(tf.value(r, ["enable_network_isolation"]))
	not tf.unknown(r, ["enable_network_isolation"])
}

violation contains {
	"msg": sprintf("SageMaker model %s does not run inside a VPC; add vpc_config with private subnets and security groups", [r]),
	"resource": r,
	"path": "after.vpc_config",
} if {
	some r in tf.by_type.aws_sagemaker_model
	tf.regulated(r)
	count(object.get(tf.after(r), "vpc_config", [])) == 0
	not tf.unknown(r, ["vpc_config"])
}
