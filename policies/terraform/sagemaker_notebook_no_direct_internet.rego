# METADATA
# title: SageMaker notebook instances run in a VPC without direct internet access
# description: Every aws_sagemaker_notebook_instance sets direct_internet_access = "Disabled" (null means the "Enabled" default) and a subnet_id, so traffic leaves only through the VPC's controlled egress.
# custom:
#   id: TF-SAGEMAKER-NOTEBOOK-NO-DIRECT-INTERNET
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: Set subnet_id to a private subnet, security_groups, and direct_internet_access = "Disabled"; provide package mirrors or VPC endpoints for what notebooks need.
#   kinds: [terraform]
package evident.checks.terraform.sagemaker_notebook_no_direct_internet

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("SageMaker notebook %s has direct internet access (%s); set direct_internet_access = \"Disabled\"", [r, shown]),
	"resource": r,
	"path": "after.direct_internet_access",
} if {
	some r in tf.by_type.aws_sagemaker_notebook_instance
	not tf.unknown(r, ["direct_internet_access"])
	v := object.get(tf.after(r), "direct_internet_access", null)
	v != "Disabled"
	shown := object.get({null: "unset, default Enabled"}, v, v)
}

violation contains {
	"msg": sprintf("SageMaker notebook %s is not in a VPC subnet; set subnet_id (and security_groups)", [r]),
	"resource": r,
	"path": "after.subnet_id",
} if {
	some r in tf.by_type.aws_sagemaker_notebook_instance
	tf.absent(r, ["subnet_id"])
}
