# METADATA
# title: SageMaker Studio domains are VPC-only, CMK-encrypted and use SSO
# description: |
#   Every aws_sagemaker_domain sets app_network_access_type = "VpcOnly" (the default is
#   "PublicInternetOnly"), kms_key_id for the home EFS volume, auth_mode = "SSO" (IAM Identity Center,
#   so users are individual identities), and does not allow notebook output sharing.
# custom:
#   id: TF-SAGEMAKER-DOMAIN-VPC-ONLY
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(a)(2)(iv)", "gxp-part11:11.10(c)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.30", "gxp-annex11:7.1", "gxp-annex11:12.1"]
#   remediation: Set app_network_access_type = "VpcOnly" with private subnet_ids, kms_key_id = a customer-managed key, auth_mode = "SSO", and default_user_settings.sharing_settings.notebook_output_option = "Disabled".
#   kinds: [terraform]
package evident.checks.terraform.sagemaker_domain_vpc_only

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("SageMaker domain %s lets Studio apps use the public internet (app_network_access_type %q); set it to \"VpcOnly\"", [r, object.get(tf.after(r), "app_network_access_type", "PublicInternetOnly")]),
	"resource": r,
	"path": "after.app_network_access_type",
} if {
	some r in tf.by_type.aws_sagemaker_domain
	not tf.unknown(r, ["app_network_access_type"])
	object.get(tf.after(r), "app_network_access_type", null) != "VpcOnly"
}

violation contains {
	"msg": sprintf("SageMaker domain %s does not encrypt the home EFS volume with a customer-managed key; set kms_key_id", [r]),
	"resource": r,
	"path": "after.kms_key_id",
} if {
	some r in tf.by_type.aws_sagemaker_domain
	not tf.customer_key(r, ["kms_key_id"])
}

violation contains {
	"msg": sprintf("SageMaker domain %s authenticates users with IAM; set auth_mode = \"SSO\" so each user is an individual identity", [r]),
	"resource": r,
	"path": "after.auth_mode",
} if {
	some r in tf.by_type.aws_sagemaker_domain
	tf.value(r, ["auth_mode"]) == "IAM"
}

violation contains {
	"msg": sprintf("SageMaker domain %s lets users share notebook outputs; set default_user_settings.sharing_settings.notebook_output_option = \"Disabled\"", [r]),
	"resource": r,
	"path": "after.default_user_settings[0].sharing_settings[0].notebook_output_option",
} if {
	some r in tf.by_type.aws_sagemaker_domain
	tf.value(r, ["default_user_settings", 0, "sharing_settings", 0, "notebook_output_option"]) == "Allowed"
}
