package evident.checks.cloudtrail.bedrock_audit_or_guardrail_removed_test

import rego.v1

import data.evident.checks.cloudtrail.bedrock_audit_or_guardrail_removed as check
import data.evident.test.cloudtrail as fx

_bedrock(name, params) := fx.record("bedrock.amazonaws.com", name, params)

test_logging_deleted if {
	fx.paths(check.violation) == {"eventName"} with input as fx.normalised(_bedrock("DeleteModelInvocationLoggingConfiguration", null))
}

test_guardrail_deleted_and_updated_eventbridge if {
	count(check.violation) == 1 with input as fx.eventbridge(_bedrock("DeleteGuardrail", {"guardrailIdentifier": "gr-0a1b2c3d"}))
	vs := check.violation with input as fx.normalised(_bedrock("UpdateGuardrail", {"guardrailIdentifier": "gr-0a1b2c3d", "name": "phi-filter", "blockedInputMessaging": "Blocked"}))
	some v in vs
	contains(v.msg, "review the change against the validated guardrail configuration")
}

test_logging_config if {
	good := {"loggingConfig": {"cloudWatchConfig": {"logGroupName": "/aws/bedrock/invocations", "roleArn": "arn:aws:iam::123456789012:role/bedrock-logs"}, "textDataDeliveryEnabled": true}}
	count(check.violation) == 0 with input as fx.normalised(_bedrock("PutModelInvocationLoggingConfiguration", good))
	text_off := {"loggingConfig": {"s3Config": {"bucketName": "lims-bedrock-logs"}, "textDataDeliveryEnabled": false}}
	fx.paths(check.violation) == {"requestParameters.loggingConfig.textDataDeliveryEnabled"} with input as fx.normalised(_bedrock("PutModelInvocationLoggingConfiguration", text_off))
	fx.paths(check.violation) == {"requestParameters.loggingConfig"} with input as fx.normalised(_bedrock("PutModelInvocationLoggingConfiguration", {"loggingConfig": {"textDataDeliveryEnabled": true}}))
}

test_reads_and_denied if {
	count(check.violation) == 0 with input as fx.normalised(_bedrock("ListGuardrails", {"maxResults": 1000}))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_bedrock("DeleteGuardrail", {"guardrailIdentifier": "gr-1"})))
}
