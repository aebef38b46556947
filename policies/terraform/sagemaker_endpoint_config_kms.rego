# METADATA
# title: SageMaker endpoint volumes, captured payloads and async outputs are KMS-encrypted
# description: |
#   aws_sagemaker_endpoint_configuration sets kms_key_arn (note: arn, not id) when any production
#   variant runs on instances (serverless variants cannot take a volume key); data_capture_config,
#   when capture is enabled, sets kms_key_id (captured requests/responses contain PHI); and
#   async_inference_config.output_config sets kms_key_id. Keys unknown until apply pass.
# custom:
#   id: TF-SAGEMAKER-ENDPOINT-CONFIG-KMS
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(4)(ii)(A)", "hipaa:164.312(a)(2)(iv)", "hipaa:164.312(e)(2)(ii)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: Set kms_key_arn, data_capture_config.kms_key_id and async_inference_config.output_config.kms_key_id to customer-managed aws_kms_key ARNs.
#   kinds: [terraform]
package evident.checks.terraform.sagemaker_endpoint_config_kms

import data.evident.lib.terraform as tf

violation contains {
	"msg": sprintf("SageMaker endpoint configuration %s runs instance-backed variants without a KMS key for their volumes; set kms_key_arn", [r]),
	"resource": r,
	"path": "after.kms_key_arn",
} if {
	some r in tf.by_type.aws_sagemaker_endpoint_configuration
	some v in tf.after(r).production_variants
	tf.non_empty(v.instance_type)
	not tf.customer_key(r, ["kms_key_arn"])
}

violation contains {
	"msg": sprintf("SageMaker endpoint configuration %s captures requests and responses without a KMS key; set data_capture_config.kms_key_id", [r]),
	"resource": r,
	"path": "after.data_capture_config[0].kms_key_id",
} if {
	some r in tf.by_type.aws_sagemaker_endpoint_configuration
	some dc in tf.after(r).data_capture_config
	not tf.is_false(object.get(dc, "enable_capture", true))
	not tf.customer_key(r, ["data_capture_config", 0, "kms_key_id"])
}

violation contains {
	"msg": sprintf("SageMaker endpoint configuration %s writes asynchronous inference outputs without a KMS key; set async_inference_config.output_config.kms_key_id", [r]),
	"resource": r,
	"path": "after.async_inference_config[0].output_config[0].kms_key_id",
} if {
	some r in tf.by_type.aws_sagemaker_endpoint_configuration
	count(object.get(tf.after(r), ["async_inference_config", 0, "output_config"], [])) > 0
	not tf.customer_key(r, ["async_inference_config", 0, "output_config", 0, "kms_key_id"])
}
