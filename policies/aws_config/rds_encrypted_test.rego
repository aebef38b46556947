package evident.checks.aws_config.rds_encrypted_test

import data.evident.checks.aws_config.rds_encrypted as check

db(typ, conf) := {"configurationItem": {"configurationItemStatus": "OK", "resourceType": typ, "resourceId": "db-1", "configuration": conf}}

test_unencrypted_fires if {
	count(check.violation) == 1 with input as db("AWS::RDS::DBInstance", {"storageEncrypted": false})
	count(check.violation) == 1 with input as db("AWS::RDS::DBCluster", {"dbClusterIdentifier": "c"})
}

test_encrypted_passes if {
	count(check.violation) == 0 with input as db("AWS::RDS::DBInstance", {"storageEncrypted": true})
	count(check.violation) == 0 with input as db("AWS::RDS::DBCluster", {"StorageEncrypted": true})
}

test_other_types_ignored if {
	count(check.violation) == 0 with input as db("AWS::EC2::Volume", {"storageEncrypted": false})
}
