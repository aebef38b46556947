package evident.checks.aws_config.efs_encrypted_test

import data.evident.checks.aws_config.efs_encrypted as check

fs(conf) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": "AWS::EFS::FileSystem", "resourceId": "fs-1", "configuration": conf}}

test_unencrypted_without_backup_fires_twice if {
	count(check.violation) == 2 with input as fs({"Encrypted": false, "BackupPolicy": {"Status": "DISABLED"}})
}

test_encrypted_backed_up_passes if {
	count(check.violation) == 0 with input as fs({"Encrypted": true, "KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1", "BackupPolicy": {"Status": "ENABLED"}})
}

test_camel_case_and_string_configuration if {
	count(check.violation) == 0 with input as fs(json.marshal({"encrypted": true, "backupPolicy": {"status": "ENABLED"}}))
}
