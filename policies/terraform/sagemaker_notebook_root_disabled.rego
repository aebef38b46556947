# METADATA
# title: SageMaker notebook users do not get root
# description: Every aws_sagemaker_notebook_instance sets root_access = "Disabled" (null means the "Enabled" default) and instance_metadata_service_configuration.minimum_instance_metadata_service_version = "2".
# custom:
#   id: TF-SAGEMAKER-NOTEBOOK-ROOT-DISABLED
#   severity: medium
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(3)(ii)(B)", "hipaa:164.308(a)(4)(i)", "hipaa:164.308(a)(4)(ii)(B)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: Set root_access = "Disabled" and instance_metadata_service_configuration { minimum_instance_metadata_service_version = "2" }; install packages through lifecycle configurations instead of root shells.
#   kinds: [terraform]
package evident.checks.terraform.sagemaker_notebook_root_disabled

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("SageMaker notebook %s gives users root (root_access %s); set root_access = \"Disabled\"", [r, shown(object.get(tf.after(r), "root_access", null))]),
	"resource": r,
	"path": "after.root_access",
} if {
	some r in tf.by_type.aws_sagemaker_notebook_instance
	not tf.unknown(r, ["root_access"])
	object.get(tf.after(r), "root_access", null) != "Disabled"
}

violation contains {
	"msg": sprintf("SageMaker notebook %s allows IMDSv1; set instance_metadata_service_configuration.minimum_instance_metadata_service_version = \"2\"", [r]),
	"resource": r,
	"path": "after.instance_metadata_service_configuration[0].minimum_instance_metadata_service_version",
} if {
	some r in tf.by_type.aws_sagemaker_notebook_instance
	path := ["instance_metadata_service_configuration", 0, "minimum_instance_metadata_service_version"]
	not tf.unknown_exact(r, path)
	not sprintf("%v", [object.get(tf.after(r), path, "1")]) == "2"
}

shown(null) := "unset, default Enabled"

shown(v) := sprintf("%q", [v]) if v != null
