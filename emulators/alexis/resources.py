"""The one declarative table of AlexisHR resources: fields, select enums, relations, writes."""

from __future__ import annotations

from emulators.alexis.fieldtypes import Relation, Resource, fields, names

_EMPLOYEE_WRITABLE = (
    "title officeId managerEmployeeId departmentId costCenterId userName division organization"
    " organizationId employeeNumber tax workEmail workPhone hasOccupationalPension privateEmail"
    " firstName lastName ssn privatePhone birthDate avatarUrl nationality gender pronoun"
    " bankAccount homeAddress custom"
)

# Choice (spec silent): the employee's copies of employment data (hireDate, endDate, employmentId,
# employmentTypeId, employmentCountry, compensationId) are stored as seeded; the emulator does not
# recompute them when /employment or /compensation records change.
EMPLOYEE = Resource(
    name="employee",
    # S1 response fields plus the sandbox docs' newer effectiveCostCenterId, organizationId,
    # ssnCountry and offboardDate.
    fields=fields(
        "title:str id:id active:bool companyId:id officeId:id managerEmployeeId:id departmentId:id"
        " costCenterId:id effectiveCostCenterId:id employmentId:id employmentTypeId:id"
        " employmentCountry:str compensationId:id userId:id userName:str division:str"
        " organization:str organizationId:id tax:tax employeeNumber:str workEmail:str"
        " workPhone:str workPhoneSanitized:str hireDate:dt endDate:dt offboardDate:dt"
        " hasOccupationalPension:bool privateEmail:str firstName:str lastName:str ssn:str"
        " ssnCountry:str privatePhone:str privatePhoneSanitized:str birthDate:dt age:num"
        " avatarUrl:str nationality:str gender:str pronoun:str bankAccount:bank_account"
        " homeAddress:home_address custom:obj created:dt updated:dt"
    ),
    selectable=names(
        "id title active companyId officeId managerEmployeeId departmentId costCenterId"
        " employmentId employmentTypeId employmentCountry compensationId userId userName division"
        " organization employeeNumber workEmail workPhone workPhoneSanitized hireDate endDate"
        " hasOccupationalPension privateEmail firstName lastName ssn privatePhone"
        " privatePhoneSanitized birthDate age nationality gender pronoun created updated"
        " effectiveCostCenterId organizationId ssnCountry offboardDate"
    ),
    relations={
        "office": Relation("office", "officeId"),
        "costCenter": Relation("cost-center", "costCenterId"),
        "effectiveCostCenter": Relation("cost-center", "effectiveCostCenterId"),
        "child": Relation("child", "id", "employeeId"),
        "department": Relation("department", "departmentId"),
        "emergencyContact": Relation("emergency-contact", "id", "employeeId"),
        # Choice (spec silent): `employment` and `compensation` follow employee.employmentId /
        # compensationId (the current one), like every other `x` ↔ `xId` pair of this API; the
        # full history is on /employment and /compensation filtered by employeeId.
        "employment": Relation("employment", "employmentId"),
        "employmentType": Relation("employment-type", "employmentTypeId"),
        "compensation": Relation("compensation", "compensationId"),
        "managerEmployee": Relation("employee", "managerEmployeeId"),
        "teamReference": Relation("employee-team-reference", "id", "employeeId"),
    },
    create=names(_EMPLOYEE_WRITABLE),
    update=names(_EMPLOYEE_WRITABLE + " active"),
    defaults={"active": True},
)

EMPLOYMENT = Resource(
    name="employment",
    fields=fields(
        "id:id companyId:id employeeId:id typeId:id startDate:dt endDate:dt updated:dt"
        " effectiveEndDate:dt terminated:bool rate:num note:str country:country"
    ),
    selectable=names(
        "id companyId employeeId typeId startDate endDate updated effectiveEndDate terminated"
        " rate note country"
    ),
    relations={
        "type": Relation("employment-type", "typeId"),
        "employee": Relation("employee", "employeeId"),
    },
    create=names(
        "employeeId userId typeId startDate endDate effectiveEndDate terminated rate note country"
    ),
    create_required=names("employeeId userId typeId startDate terminated rate country"),
    update=names(
        "employeeId userId typeId startDate endDate effectiveEndDate terminated rate note country"
    ),
    write_only=fields("userId:id"),
    defaults={"terminated": False},
)

EMPLOYMENT_TYPE = Resource(
    name="employment-type",
    fields=fields("id:id companyId:id name:str vacation:bool country:country maxMonths:num"),
    selectable=names("id companyId name vacation country maxMonths"),
    create=names("name vacation country maxMonths"),
    create_required=names("name vacation country"),
    update=names("name vacation country maxMonths"),
    update_required=names("country"),  # sic: the spec's update DTO requires country
    defaults={"vacation": True},
)

COMPENSATION = Resource(
    name="compensation",
    fields=fields(
        "id:id employeeId:id companyId:id amount:num effectiveDate:dt baseAmount:num"
        " exchangeRate:num currency:currency payoutDay:num payoutPeriod:payout_period"
        " payoutFrequency:payout_frequency salarySchedule:salary_schedule paidOvertime:bool"
        " note:str"
    ),
    selectable=names(
        "id employeeId companyId amount effectiveDate baseAmount exchangeRate currency payoutDay"
        " payoutPeriod payoutFrequency salarySchedule paidOvertime note"
    ),
    create=names(
        "employeeId userId companyId amount effectiveDate currency payoutDay payoutPeriod"
        " payoutFrequency salarySchedule paidOvertime note"
    ),
    create_required=names(
        "employeeId userId amount effectiveDate currency payoutDay payoutPeriod payoutFrequency"
        " paidOvertime"
    ),
    # The spec's update DTO has no effectiveDate: a new salary level is a new compensation row.
    update=names(
        "employeeId userId amount currency payoutDay payoutPeriod payoutFrequency salarySchedule"
        " paidOvertime note"
    ),
    write_only=fields("userId:id"),
    # Choice (spec silent): no currency conversion, exchangeRate 1 and baseAmount = amount unless
    # given; salarySchedule defaults to ADVANCE (the first enum value) when a create omits it.
    defaults={"exchangeRate": 1, "salarySchedule": "ADVANCE", "paidOvertime": False},
)

LEAVE = Resource(
    name="leave",
    # Choice (spec silent): `childId` is returned because the spec accepts it on create and update
    # and a stored value must be readable back; `gradePercentage` comes from the sandbox docs.
    fields=fields(
        "id:id employeeId:id typeId:id childId:id status:leave_status duration:leave_duration"
        " startDate:dt endDate:dt description:str gradePercentage:num"
    ),
    selectable=names("id employeeId typeId status duration startDate endDate gradePercentage"),
    relations={
        "type": Relation("leave-type", "typeId"),
        "employee": Relation("employee", "employeeId"),
    },
    # Choice (spec silent): create also takes `status`, since an owner token registers leave
    # that is already approved (the create DTO omits it; without it a leave starts PENDING).
    create=names(
        "description employeeId typeId childId duration startDate endDate status gradePercentage"
        " extent morning afternoon coverageRate"
    ),
    create_required=names("employeeId typeId duration startDate endDate"),
    update=names(
        "description childId duration startDate endDate status gradePercentage extent morning"
        " afternoon approvalNote"
    ),
    update_required=names("extent"),  # sic: the spec's update DTO requires extent
    # Choice (spec silent): extent/morning/afternoon/approvalNote/coverageRate are accepted but
    # not stored, as no response schema shows them (morning/afternoon are typed differently in
    # the create and update DTOs, so they are not type-checked).
    write_only=fields("extent:num morning:any afternoon:any approvalNote:str coverageRate:num"),
    defaults={"status": "PENDING"},
)

LEAVE_TYPE = Resource(
    name="leave-type",
    fields=fields(
        "id:id name:str kind:leave_kind minimumDuration:minimum_duration deductible:bool"
        " paid:bool disabled:bool archived:bool"
    ),
    selectable=names("id name kind minimumDuration deductible paid disabled archived"),
    relations={"leaveTypeCode": Relation("leave-type-code", "id", "leaveTypeId", True)},
    # Request DTOs type kind/minimumDuration as free strings; the response enums are enforced
    # because the service can only hold those values.
    create=names("name kind minimumDuration deductible paid disabled archived"),
    create_required=names("name"),
    update=names("name kind minimumDuration deductible paid disabled archived"),
    # Choice (spec silent): a leave type created with only a name is an unpaid, non-deductible,
    # enabled OFF_DUTY type bookable per DAY.
    defaults={
        "kind": "OFF_DUTY",
        "minimumDuration": "DAY",
        "deductible": False,
        "paid": False,
        "disabled": False,
    },
)

LEAVE_TYPE_CODE = Resource(
    name="leave-type-code",
    fields=fields("id:id companyId:id leaveTypeId:id code:str"),
    routed=False,
)

CHILD = Resource(
    name="child",
    fields=fields("id:id employeeId:id name:str birthdate:dt"),
    selectable=names("id employeeId name birthdate"),
    create=names("employeeId name birthdate"),
    create_required=names("employeeId name birthdate"),
    update=names("name birthdate"),
    update_required=names("name birthdate"),
)

DEPARTMENT = Resource(
    name="department",
    fields=fields(
        "description:str id:id companyId:id name:str costCenterId:id effectiveCostCenterId:id"
        " parentId:id"
    ),
    selectable=names("id companyId name costCenterId effectiveCostCenterId parentId"),
    relations={
        "costCenter": Relation("cost-center", "costCenterId"),
        "effectiveCostCenter": Relation("cost-center", "effectiveCostCenterId"),
    },
    create=names("description name costCenterId parentId"),
    create_required=names("name"),
    update=names("description name costCenterId parentId"),
    update_required=names("name"),
)

_OFFICE_WRITABLE = "name phone email timezone CFAR SCB SNI"
OFFICE = Resource(
    name="office",
    fields=fields(
        "id:id companyId:id name:str phone:str email:str timezone:str CFAR:str SCB:str SNI:str"
    ),
    selectable=names("id companyId " + _OFFICE_WRITABLE),
    create=names(_OFFICE_WRITABLE),
    create_required=names(_OFFICE_WRITABLE),
    update=names(_OFFICE_WRITABLE),
)

TEAM = Resource(
    name="team",
    fields=fields("description:str id:id companyId:id name:str bgColor:str fgColor:str"),
    selectable=names("id companyId name description bgColor fgColor"),
    create=names("description name bgColor fgColor"),
    create_required=names("name bgColor fgColor"),
    update=names("description name bgColor fgColor"),
)

EMPLOYEE_TEAM_REFERENCE = Resource(
    name="employee-team-reference",
    fields=fields("id:id companyId:id teamId:id userId:id employeeId:id"),
    selectable=names("id companyId teamId userId employeeId"),
    relations={
        "employee": Relation("employee", "employeeId"),
        "team": Relation("team", "teamId"),
        "user": Relation("user", "userId"),
    },
    create=names("teamId companyId employeeId userId"),
    create_required=names("teamId companyId employeeId userId"),
    update=names("teamId"),
)

COST_CENTER = Resource(
    name="cost-center",
    fields=fields("id:id companyId:id code:str name:str"),
    selectable=names("id companyId code name"),
    create=names("code name"),
    create_required=names("code"),
    update=names("code name"),
)

COMPANY = Resource(
    name="company",
    fields=fields(
        "id:id name:str orgNumber:str billableUsers:num vatNumber:str phone:str email:str"
        " legalName:str logoUrl:str backgroundUrl:str offboardDate:str"
    ),
    selectable=names("id"),
    read_only=True,
)

EMERGENCY_CONTACT = Resource(
    name="emergency-contact",
    fields=fields("id:id employeeId:id fullName:str relationship:str phone:str email:str"),
    routed=False,
)

USER = Resource(
    name="user",
    fields=fields("id:id locale:str systemRole:system_role"),
    routed=False,
)

RESOURCES: dict[str, Resource] = {
    resource.name: resource
    for resource in (
        EMPLOYEE,
        EMPLOYMENT,
        EMPLOYMENT_TYPE,
        COMPENSATION,
        LEAVE,
        LEAVE_TYPE,
        LEAVE_TYPE_CODE,
        CHILD,
        DEPARTMENT,
        OFFICE,
        TEAM,
        EMPLOYEE_TEAM_REFERENCE,
        COST_CENTER,
        COMPANY,
        EMERGENCY_CONTACT,
        USER,
    )
}
