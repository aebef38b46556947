# METADATA
# title: A database was made publicly accessible
# description: |
#   A successful ModifyDBInstance, ModifyDBCluster, CreateDBInstance or CreateDBCluster with
#   publiclyAccessible true, or a restore (RestoreDBInstanceFromDBSnapshot,
#   RestoreDBInstanceToPointInTime, RestoreDBInstanceFromS3) whose request or response says the new
#   instance is publicly accessible.
# custom:
#   id: CT-RDS-MADE-PUBLIC
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: "Set PubliclyAccessible to false (aws rds modify-db-instance --no-publicly-accessible --apply-immediately), keep databases in private subnets, and review connections made while it was public."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.rds_made_public

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "requestParameters.publiclyAccessible"} if {
	some r in ct.records
	ct.call(r, "rds.amazonaws.com", {"ModifyDBInstance", "ModifyDBCluster", "CreateDBInstance", "CreateDBCluster"})
	p := ct.params(r)
	ct.truthy(p.publiclyAccessible)
	msg := sprintf("%s made database %q publicly accessible; set publiclyAccessible to false", [ct.describe(r), _db(p)])
}

violation contains {"msg": msg, "path": "responseElements.publiclyAccessible"} if {
	some r in ct.records
	ct.call(r, "rds.amazonaws.com", {"RestoreDBInstanceFromDBSnapshot", "RestoreDBInstanceToPointInTime", "RestoreDBInstanceFromS3"})
	not ct.truthy(ct.params(r).publiclyAccessible)
	ct.truthy(ct.response(r).publiclyAccessible)
	msg := sprintf("%s restored database %q as publicly accessible; set publiclyAccessible to false", [ct.describe(r), _db(ct.params(r))])
}

violation contains {"msg": msg, "path": "requestParameters.publiclyAccessible"} if {
	some r in ct.records
	ct.call(r, "rds.amazonaws.com", {"RestoreDBInstanceFromDBSnapshot", "RestoreDBInstanceToPointInTime", "RestoreDBInstanceFromS3"})
	ct.truthy(ct.params(r).publiclyAccessible)
	msg := sprintf("%s restored database %q as publicly accessible; set publiclyAccessible to false", [ct.describe(r), _db(ct.params(r))])
}

_db(p) := object.get(p, "dBInstanceIdentifier", object.get(p, "dBClusterIdentifier", "?"))
