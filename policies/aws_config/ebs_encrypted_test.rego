package evident.checks.aws_config.ebs_encrypted_test

import data.evident.checks.aws_config.ebs_encrypted as check

vol(conf) := {"configurationItem": {"configurationItemStatus": "ResourceDiscovered", "resourceType": "AWS::EC2::Volume", "resourceId": "vol-1", "configuration": conf}}

test_unencrypted_fires if {
	vs := check.violation with input as vol({"encrypted": false, "attachments": [{"instanceId": "i-1"}]})
	count(vs) == 1
	some v in vs
	contains(v.msg, "i-1")
}

test_encrypted_passes if {
	count(check.violation) == 0 with input as vol({"encrypted": true, "kmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1"})
	count(check.violation) == 0 with input as vol({"Encrypted": "true"})
}
