namespace Tandem.Lab.Seed;

/// <summary>Word lists the demo seed draws from (deterministically) to build varied, realistic contacts and events.</summary>
internal static class SeedNames
{
    public static readonly string[] GivenNames =
    [
        "Sadie", "Liam", "Olivia", "Noah", "Emma", "Mateo", "Amelia", "Lucas", "Sofia", "Hiroshi", "Aiko", "Priya", "Arjun", "Chloé",
        "Étienne", "Zoë", "Björn", "Ingrid", "Łukasz", "Agnieszka", "Mohammed", "Fatima", "Kwame", "Ama", "Diego", "Valentina",
        "Wei", "Mei", "Oliver", "Charlotte", "Jakub", "Hana", "Seán", "Niamh", "Giulia", "Marco", "Anouk", "Daan", "Freya", "Tomás",
    ];

    public static readonly string[] Surnames =
    [
        "Daniels", "Okafor", "Nakamura", "Schmidt", "García", "Rossi", "Dubois", "Kowalski", "Andersson", "O'Brien", "Patel",
        "Nguyen", "Müller", "Silva", "Jensen", "Novak", "Haddad", "Mensah", "Fernández", "Van der Berg", "Kim", "Chen", "Singh",
        "Ivanova", "Larsen", "Moreau", "Bianchi", "Horvat", "Yilmaz", "Kaplan", "Brennan", "Lindqvist", "Costa", "Tanaka", "Adeyemi",
    ];

    public static readonly string[] Companies =
    [
        "Contoso Ltd", "Fabrikam Inc", "Northwind Traders", "Adventure Works", "Tailspin Toys", "Wide World Importers", "Litware",
        "Proseware", "Woodgrove Bank", "Alpine Ski House", "Coho Winery", "Fourth Coffee", "Lucerne Publishing", "Margie's Travel",
        "Trey Research", "Blue Yonder Airlines", "Graphic Design Institute", "School of Fine Art", "Humongous Insurance", "VanArsdel",
    ];

    public static readonly (string City, string State, string Country, string PostalCode, string Street)[] Places =
    [
        ("Seattle", "WA", "United States", "98101", "1st Avenue"), ("Boston", "MA", "United States", "02108", "Beacon Street"),
        ("Toronto", "ON", "Canada", "M5H 2N2", "Queen Street West"), ("London", "", "United Kingdom", "EC1A 1BB", "Aldersgate Street"),
        ("Dublin", "", "Ireland", "D02 X285", "Grafton Street"), ("Berlin", "", "Germany", "10117", "Unter den Linden"),
        ("München", "Bayern", "Germany", "80331", "Marienplatz"), ("Paris", "", "France", "75001", "Rue de Rivoli"),
        ("Kraków", "", "Poland", "31-001", "Rynek Główny"), ("Stockholm", "", "Sweden", "111 52", "Drottninggatan"),
        ("Tokyo", "", "Japan", "100-0005", "Marunouchi"), ("São Paulo", "SP", "Brazil", "01310-100", "Avenida Paulista"),
        ("Sydney", "NSW", "Australia", "2000", "George Street"), ("Accra", "", "Ghana", "GA-183", "Oxford Street"),
        ("Milano", "MI", "Italy", "20121", "Via Montenapoleone"),
    ];

    public static readonly string[] JobTitles =
    [
        "Account Manager", "Sales Director", "Software Engineer", "Chief Financial Officer", "Office Manager", "Project Lead",
        "Procurement Specialist", "Marketing Coordinator", "Legal Counsel", "IT Administrator", "Consultant", "Head of Support",
    ];

    public static readonly string[] Departments = ["Sales", "Finance", "Engineering", "Marketing", "Legal", "IT", "Operations", "Support"];

    public static readonly string[] Categories = ["Customer", "Supplier", "Partner", "VIP", "Press", "Holiday Cards"];

    public static readonly string[] EventSubjects =
    [
        "Quarterly business review", "All-hands meeting", "Board meeting", "Product launch", "Team offsite", "Security training",
        "Budget planning", "Customer workshop", "Town hall", "Release retrospective",
    ];
}
