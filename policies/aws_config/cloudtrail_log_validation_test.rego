package evident.checks.aws_config.cloudtrail_log_validation_test

import data.evident.checks.aws_config.cloudtrail_log_validation as check

trail(conf) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::CloudTrail::Trail", "resourceName": "org", "configuration": conf}}

test_no_validation_no_key_fires_twice if {
	count(check.violation) == 2 with input as trail({"logFileValidationEnabled": false})
}

test_validated_encrypted_passes if {
	count(check.violation) == 0 with input as trail({"logFileValidationEnabled": true, "kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1"})
}

# PascalCase (CloudFormation-registry) field names are read too.
test_pascal_case if {
	count(check.violation) == 0 with input as trail({"EnableLogFileValidation": true, "LogFileValidationEnabled": true, "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1"})
}
