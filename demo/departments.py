"""The demo company's reference data: sites, departments and their job titles.

Plain data for `manage.py seed_demo`; demo/company.py decides who sits where.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    name: str
    country: str
    time_zone: str
    language: str

    @property
    def in_france(self) -> bool:
        return self.country == "FR"


SITES = {
    site.name: site
    for site in [
        Site("Paris La Défense", "FR", "Europe/Paris", "fr"),
        Site("Lyon", "FR", "Europe/Paris", "fr"),
        Site("Lille", "FR", "Europe/Paris", "fr"),
        Site("Bordeaux", "FR", "Europe/Paris", "fr"),
        Site("Madrid", "ES", "Europe/Madrid", "es"),
        Site("London", "GB", "Europe/London", "en"),
        Site("Munich", "DE", "Europe/Berlin", "de"),
        Site("Milan", "IT", "Europe/Rome", "it"),
    ]
}
PARIS = "Paris La Défense"


@dataclass(frozen=True)
class Title:
    """A job title: French (masculine, feminine) for the French sites, English elsewhere."""

    masculine: str
    feminine: str
    english: str

    def for_person(self, *, site: Site, feminine: bool) -> str:
        if not site.in_france:
            return self.english
        return self.feminine if feminine else self.masculine


def T(masculine: str, english: str, feminine: str | None = None) -> Title:
    return Title(masculine, feminine or masculine, english)


@dataclass(frozen=True)
class DepartmentPlan:
    name: str
    size: int
    sites: dict[str, float]  # where its people work, as weights
    head: Title
    directors: list[Title]
    managers: list[Title]
    staff: list[Title]
    juniors: list[Title]


DEPARTMENTS = [
    DepartmentPlan(
        "Direction générale",
        8,
        {PARIS: 1},
        T(
            "Président-directeur général",
            "Chief Executive Officer",
            "Présidente-directrice générale",
        ),
        [T("Directeur de la stratégie", "Head of Strategy", "Directrice de la stratégie")],
        [T("Chef de cabinet", "Chief of Staff", "Cheffe de cabinet")],
        [
            T("Chargé de mission stratégie", "Strategy Officer", "Chargée de mission stratégie"),
            T("Assistant de direction", "Executive Assistant", "Assistante de direction"),
        ],
        [T("Analyste stratégie", "Strategy Analyst")],
    ),
    DepartmentPlan(
        "Finance",
        30,
        {PARIS: 6, "Lyon": 1, "London": 1, "Madrid": 0.5},
        T(
            "Directeur administratif et financier",
            "Chief Financial Officer",
            "Directrice administrative et financière",
        ),
        [
            T(
                "Directeur du contrôle de gestion",
                "Head of Financial Control",
                "Directrice du contrôle de gestion",
            ),
            T("Directeur comptable", "Head of Accounting", "Directrice comptable"),
        ],
        [
            T("Responsable de la trésorerie", "Treasury Manager"),
            T("Responsable comptable", "Accounting Manager"),
            T("Responsable du contrôle de gestion", "Controlling Manager"),
        ],
        [
            T("Contrôleur de gestion", "Financial Controller", "Contrôleuse de gestion"),
            T("Comptable", "Accountant"),
            T("Trésorier", "Treasury Analyst", "Trésorière"),
        ],
        [
            T(
                "Contrôleur de gestion junior",
                "Junior Financial Controller",
                "Contrôleuse de gestion junior",
            ),
            T("Comptable junior", "Junior Accountant"),
            T("Analyste financier", "Financial Analyst", "Analyste financière"),
        ],
    ),
    DepartmentPlan(
        "Ressources humaines",
        25,
        {PARIS: 5, "Lyon": 1, "Lille": 1, "Bordeaux": 1, "Madrid": 0.5, "London": 0.5},
        T(
            "Directeur des ressources humaines",
            "Chief People Officer",
            "Directrice des ressources humaines",
        ),
        [
            T(
                "Directeur du développement RH",
                "Head of HR Development",
                "Directrice du développement RH",
            )
        ],
        [
            T("Responsable développement RH", "HR Development Manager"),
            T("Responsable paie et administration", "Payroll Manager"),
            T("Responsable recrutement", "Talent Acquisition Manager"),
        ],
        [
            T("Chargé de formation", "Learning Officer", "Chargée de formation"),
            T("Gestionnaire paie", "Payroll Officer"),
            T("Chargé de recrutement", "Recruiter", "Chargée de recrutement"),
            T("Responsable RH de site", "HR Business Partner"),
        ],
        [
            T("Chargé de recrutement junior", "Junior Recruiter", "Chargée de recrutement junior"),
            T("Assistant RH", "HR Assistant", "Assistante RH"),
            T(
                "Chargé de marque employeur",
                "Employer Brand Officer",
                "Chargée de marque employeur",
            ),
        ],
    ),
    DepartmentPlan(
        "Marketing",
        30,
        {PARIS: 6, "Madrid": 1, "London": 1, "Milan": 1, "Munich": 1},
        T("Directeur marketing", "Chief Marketing Officer", "Directrice marketing"),
        [T("Directeur de la marque", "Head of Brand", "Directrice de la marque")],
        [
            T("Responsable marketing digital", "Digital Marketing Manager"),
            T("Chef de produit senior", "Senior Product Manager", "Cheffe de produit senior"),
            T("Responsable études clients", "Customer Insights Manager"),
        ],
        [
            T("Chef de produit", "Product Manager", "Cheffe de produit"),
            T("Chargé d'études", "Market Research Analyst", "Chargée d'études"),
            T("Responsable CRM", "CRM Specialist"),
        ],
        [
            T(
                "Chargé de marketing digital",
                "Digital Marketing Officer",
                "Chargée de marketing digital",
            ),
            T("Community manager", "Community Manager"),
            T("Chef de produit junior", "Junior Product Manager", "Cheffe de produit junior"),
            T("Data analyst marketing", "Marketing Data Analyst"),
        ],
    ),
    DepartmentPlan(
        "Ventes",
        60,
        {
            PARIS: 4,
            "Lyon": 2,
            "Lille": 1.5,
            "Bordeaux": 1.5,
            "Madrid": 2,
            "London": 2,
            "Munich": 1.5,
            "Milan": 1.5,
        },
        T("Directeur commercial", "Chief Sales Officer", "Directrice commerciale"),
        [
            T(
                "Directeur des ventes France",
                "Head of Sales, France",
                "Directrice des ventes France",
            ),
            T(
                "Directeur des ventes Europe",
                "Head of Sales, Europe",
                "Directrice des ventes Europe",
            ),
            T(
                "Directeur des grands comptes",
                "Head of Key Accounts",
                "Directrice des grands comptes",
            ),
        ],
        [
            T(
                "Directeur régional des ventes",
                "Regional Sales Manager",
                "Directrice régionale des ventes",
            ),
            T("Responsable grands comptes", "Key Account Manager"),
            T("Responsable administration des ventes", "Sales Operations Manager"),
        ],
        [
            T("Ingénieur commercial", "Account Executive", "Ingénieure commerciale"),
            T("Chargé d'affaires", "Business Developer", "Chargée d'affaires"),
            T("Gestionnaire administration des ventes", "Sales Administrator"),
        ],
        [
            T("Commercial sédentaire", "Inside Sales Representative", "Commerciale sédentaire"),
            T("Business developer junior", "Junior Business Developer"),
            T("Assistant commercial", "Sales Assistant", "Assistante commerciale"),
        ],
    ),
    DepartmentPlan(
        "Informatique",
        50,
        {PARIS: 4, "Lyon": 3, "Lille": 2, "Bordeaux": 0.5, "Madrid": 0.5},
        T(
            "Directeur des systèmes d'information",
            "Chief Information Officer",
            "Directrice des systèmes d'information",
        ),
        [
            T("Directeur des études", "Head of Software Engineering", "Directrice des études"),
            T(
                "Directeur des infrastructures",
                "Head of Infrastructure",
                "Directrice des infrastructures",
            ),
        ],
        [
            T("Responsable des applications", "Applications Manager"),
            T("Responsable sécurité des systèmes d'information", "Information Security Manager"),
            T("Chef de projet informatique", "IT Project Manager", "Cheffe de projet informatique"),
            T("Responsable données", "Data Manager"),
        ],
        [
            T("Développeur", "Software Developer", "Développeuse"),
            T("Administrateur systèmes", "Systems Administrator", "Administratrice systèmes"),
            T("Architecte logiciel", "Software Architect"),
            T("Analyste sécurité", "Security Analyst"),
        ],
        [
            T("Développeur junior", "Junior Developer", "Développeuse junior"),
            T("Data scientist", "Data Scientist"),
            T("Ingénieur cloud", "Cloud Engineer", "Ingénieure cloud"),
            T("Technicien support", "Support Technician", "Technicienne support"),
        ],
    ),
    DepartmentPlan(
        "Juridique",
        15,
        {PARIS: 5, "London": 1},
        T("Directeur juridique", "General Counsel", "Directrice juridique"),
        [
            T(
                "Directeur juridique adjoint",
                "Deputy General Counsel",
                "Directrice juridique adjointe",
            )
        ],
        [T("Responsable conformité", "Compliance Manager"), T("Juriste senior", "Senior Lawyer")],
        [
            T("Juriste", "Legal Counsel"),
            T("Chargé de conformité", "Compliance Officer", "Chargée de conformité"),
        ],
        [
            T("Juriste junior", "Junior Legal Counsel"),
            T("Assistant juridique", "Paralegal", "Assistante juridique"),
        ],
    ),
    DepartmentPlan(
        "Opérations",
        55,
        {"Lyon": 3, "Lille": 3, "Bordeaux": 2, PARIS: 2, "Madrid": 1, "Munich": 1, "Milan": 1},
        T("Directeur des opérations", "Chief Operating Officer", "Directrice des opérations"),
        [
            T(
                "Directeur de la supply chain",
                "Head of Supply Chain",
                "Directrice de la supply chain",
            ),
            T("Directeur industriel", "Head of Manufacturing", "Directrice industrielle"),
            T("Directeur des achats", "Head of Procurement", "Directrice des achats"),
        ],
        [
            T("Responsable logistique", "Logistics Manager"),
            T("Responsable de production", "Production Manager"),
            T("Responsable qualité", "Quality Manager"),
            T("Acheteur senior", "Senior Buyer", "Acheteuse senior"),
        ],
        [
            T("Planificateur", "Supply Planner", "Planificatrice"),
            T("Technicien qualité", "Quality Technician", "Technicienne qualité"),
            T("Acheteur", "Buyer", "Acheteuse"),
            T("Chef d'équipe", "Team Leader", "Cheffe d'équipe"),
        ],
        [
            T("Approvisionneur", "Procurement Assistant", "Approvisionneuse"),
            T("Technicien de maintenance", "Maintenance Technician", "Technicienne de maintenance"),
            T("Ingénieur méthodes", "Process Engineer", "Ingénieure méthodes"),
            T("Analyste supply chain", "Supply Chain Analyst"),
        ],
    ),
    DepartmentPlan(
        "RSE",
        10,
        {PARIS: 1},
        T("Directeur RSE", "Chief Sustainability Officer", "Directrice RSE"),
        [
            T(
                "Directeur diversité et inclusion",
                "Head of Diversity and Inclusion",
                "Directrice diversité et inclusion",
            )
        ],
        [T("Responsable développement durable", "Sustainability Manager")],
        [
            T("Chargé de mission RSE", "CSR Officer", "Chargée de mission RSE"),
            T("Analyste bilan carbone", "Carbon Accounting Analyst"),
        ],
        [
            T(
                "Chargé de mission RSE junior",
                "Junior CSR Officer",
                "Chargée de mission RSE junior",
            ),
            T(
                "Chargé de projet inclusion",
                "Inclusion Project Officer",
                "Chargée de projet inclusion",
            ),
        ],
    ),
    DepartmentPlan(
        "Communication",
        17,
        {PARIS: 5, "Lyon": 1},
        T(
            "Directeur de la communication",
            "Chief Communications Officer",
            "Directrice de la communication",
        ),
        [
            T(
                "Directeur de la communication interne",
                "Head of Internal Communications",
                "Directrice de la communication interne",
            )
        ],
        [
            T("Responsable relations presse", "Media Relations Manager"),
            T("Responsable communication digitale", "Digital Communications Manager"),
        ],
        [
            T("Chargé de communication", "Communications Officer", "Chargée de communication"),
            T("Rédacteur", "Content Writer", "Rédactrice"),
        ],
        [
            T(
                "Chargé de communication junior",
                "Junior Communications Officer",
                "Chargée de communication junior",
            ),
            T("Motion designer", "Motion Designer"),
            T("Community manager", "Community Manager"),
        ],
    ),
]
