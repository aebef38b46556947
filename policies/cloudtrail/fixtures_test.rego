# Shared fixtures of the CloudTrail check tests (a _test file: loaded by `evident test`, never built).
package evident.test.cloudtrail

import rego.v1

account := "123456789012"

# A successful management event, as CloudTrail records an assumed-role CLI call.
record(source, name, params) := {
	"eventVersion": "1.09",
	"userIdentity": {
		"type": "AssumedRole",
		"principalId": "AROA3EXAMPLEROLEID:alice",
		"arn": "arn:aws:sts::123456789012:assumed-role/PlatformEngineer/alice",
		"accountId": account,
		"accessKeyId": "ASIA3EXAMPLEKEYID000",
		"sessionContext": {
			"sessionIssuer": {"type": "Role", "principalId": "AROA3EXAMPLEROLEID", "arn": "arn:aws:iam::123456789012:role/PlatformEngineer", "accountId": account, "userName": "PlatformEngineer"},
			"attributes": {"creationDate": "2024-05-14T08:55:12Z", "mfaAuthenticated": "true"},
		},
	},
	"eventTime": "2024-05-14T09:21:07Z",
	"eventSource": source,
	"eventName": name,
	"awsRegion": "eu-west-1",
	"sourceIPAddress": "198.51.100.24",
	"userAgent": "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8",
	"requestParameters": params,
	"responseElements": null,
	"requestID": "b1f8c0a4-7d33-4c55-9d1e-3e1c2a6f9b10",
	"eventID": "e3c7a1d2-5b6f-4e8a-9c0d-1f2e3a4b5c6d",
	"readOnly": false,
	"eventType": "AwsApiCall",
	"managementEvent": true,
	"recipientAccountId": account,
	"eventCategory": "Management",
	"tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": "example.amazonaws.com"},
}

# The same call, denied.
denied(rec) := object.union(rec, {"errorCode": "AccessDenied", "errorMessage": "User: arn:aws:sts::123456789012:assumed-role/PlatformEngineer/alice is not authorized to perform this operation"})

# The normalised policy input.
normalised(rec) := {"event": rec}

# The record as EventBridge delivers it.
eventbridge(rec) := {
	"version": "0",
	"id": "7bf73129-1428-4cd3-a780-95db273d1602",
	"detail-type": "AWS API Call via CloudTrail",
	"source": concat(".", ["aws", split(rec.eventSource, ".")[0]]),
	"account": account,
	"time": rec.eventTime,
	"region": rec.awsRegion,
	"resources": [],
	"detail": rec,
}

# An S3-delivered log file.
log_file(recs) := {"Records": recs}

paths(violations) := {v.path | some v in violations}
