package evident.checks.cloudtrail.rds_made_public_test

import rego.v1

import data.evident.checks.cloudtrail.rds_made_public as check
import data.evident.test.cloudtrail as fx

_modify(params) := fx.record("rds.amazonaws.com", "ModifyDBInstance", object.union({"dBInstanceIdentifier": "lims-prod", "applyImmediately": true}, params))

test_modified_public if {
	fx.paths(check.violation) == {"requestParameters.publiclyAccessible"} with input as fx.normalised(_modify({"publiclyAccessible": true}))
}

test_cluster_eventbridge if {
	rec := fx.record("rds.amazonaws.com", "ModifyDBCluster", {"dBClusterIdentifier": "aurora-lims", "publiclyAccessible": true})
	count(check.violation) == 1 with input as fx.eventbridge(rec)
}

test_restore_public_in_response if {
	rec := object.union(fx.record("rds.amazonaws.com", "RestoreDBInstanceFromDBSnapshot", {"dBInstanceIdentifier": "lims-restore", "dBSnapshotIdentifier": "lims-prod-2024-05-14"}), {"responseElements": {"dBInstanceIdentifier": "lims-restore", "publiclyAccessible": true, "dBInstanceStatus": "creating"}})
	fx.paths(check.violation) == {"responseElements.publiclyAccessible"} with input as fx.normalised(rec)
}

test_private_and_denied if {
	count(check.violation) == 0 with input as fx.normalised(_modify({"publiclyAccessible": false}))
	count(check.violation) == 0 with input as fx.normalised(_modify({"allocatedStorage": 200}))
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_modify({"publiclyAccessible": true})))
}
