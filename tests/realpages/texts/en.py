"""English articles. Fiction written for this corpus: places, people and figures are invented."""
from tests.realpages.model import Article

UI = {
    "site": "The Northern Ledger", "home": "Home", "share": "Share", "more_from": "More from",
    "read_next": "Read next", "most_read": "Most read", "now_reading": "Now reading:", "related": "Related",
    "advertisement": "Advertisement", "ad_text": "Switch your energy plan today and save up to 20% this winter",
    "updated": "Updated", "banner": "This story has been updated with reaction from residents.",
    "update": "This article was updated at 18:40 with a statement from the regional authority.",
    "by": "By", "email": "Email", "photo": "Photo: Ledger staff", "app": "Get the app",
    "sections": ["World", "Cities", "Business", "Science", "Culture"], "sections_label": "Sections",
    "footer": "© The Northern Ledger. All rights reserved.", "front_title": "Latest news",
    "partner": "Coastline Daily", "originally": "This article was first published by",
}

ARTICLES = [
    Article(
        slug="tram-airport", lang="en", section="Cities",
        headline="Harbour city votes to extend tram line to the airport",
        corrected="Harbour city delays airport tram vote until the autumn",
        standfirst="Councillors backed a 6.2 km extension after a four-hour debate; building could start next spring.",
        byline="Maya Okafor", date="2024-03-12",
        paras=(
            "The city council of Port Alder voted 31 to 18 on Tuesday night to extend the number 4 tram line "
            "from the central station to the airport, ending a decade of studies.",
            "Work on a new depot would begin first. [[The extension will add seven stops and is {t:exepcted|expected} "
            "to cut the journey to the terminal to twenty-two minutes.]] Buses would replace trams during the works.",
            "{{In an interview with <a href=\"/en/desk/transport.html\">the transport desk</a>, deputy mayor Ilse "
            "Brandt called the vote <em>a turning point</em> for the region}}{n:,which|, which} she expects to grow "
            "by 40,000 residents by 2035.",
            "The plan approved on Tuesday includes:",
            "@list",
            "Opponents argued the money would be better spent on buses for the eastern estates, {n:whre|where} "
            "((the city centre)) is an hour away by public transport.",
            "@figure",
            "Shops in the city centre welcomed the decision, and the airport operator said it would pay for two "
            "of the new stops.",
        ),
        items=("Seven new stops between Market Square and the terminal",
               "[[A park-and-ride site for 900 cars at Elm Road]]",
               "Night trams every 20 minutes at weekends"),
        caption="A tram leaves the central station; the new line would pass the city centre markets.",
        extra="Traders said footfall in the city centre had fallen since the last timetable change.",
    ),
    Article(
        slug="hospital-wing", lang="en", section="Health",
        headline="Regional {t:hosptial|hospital} opens children's wing two years late",
        corrected="Trust admits children's wing will not open before the summer",
        standfirst="The 120-bed wing cost £48m, a third more than planned, after problems with its ventilation system.",
        byline="Tom Reyes", date="2024-04-02",
        paras=(
            "St Brennan's Hospital opened its new children's wing on Monday, two years after the date first "
            "promised to families in the valley.",
            "The wing has its own emergency department and a rooftop garden. [[Parents will be able to stay "
            "overnight in {t:fourty|forty} family rooms on the top floor.]] Staff moved in over the weekend.",
            "{{According to <a href=\"/en/health/reports.html\">an internal report</a> seen by the Ledger, the "
            "delay was caused by <b>faulty air handling units</b> that had to be replaced}}{n: twice over|, twice} "
            "in eighteen months.",
            "The hospital trust said the new wing offers:",
            "@list",
            "Nurses' representatives said recruitment remained the main worry, with twelve ((per cent of "
            "posts)) still {n:vacent|vacant} in paediatrics.",
            "@figure",
            "Last year 14 per cent of posts in the trust were vacant, according to its annual accounts.",
        ),
        items=("A paediatric intensive care unit with 12 beds",
               "Four operating theatres",
               "[[A school room run by the county's teachers]]"),
        caption="The rooftop garden of the new wing; 14 per cent of its budget went on landscaping.",
        extra="Across the region, nine per cent of posts in nursing were unfilled in March.",
    ),
    Article(
        slug="console-prices", lang="en", section="Technology",
        headline="Console maker raises prices in the U.S. as chip costs bite",
        corrected="Console maker raises U.S. prices, blaming tariffs and chip costs",
        standfirst="The standard model will cost $50 more from next month; the company says sales remain strong.",
        byline="Priya Nandakumar", date="2024-05-20",
        paras=(
            "Prices of the company's flagship console will rise by $50 in the U.S. from June, the manufacturer "
            "said on Monday, citing the cost of memory chips.",
            "Retailers had been warned last week. [[The price of the Pro model will rise to $549, the first "
            "increase since its {t:lauch|launch} in 2020.]] Prices in Europe are unchanged for now.",
            "{{Speaking to <a href=\"/en/tech/analysts.html\">analysts</a> on a call, the chief financial officer "
            "said demand was <em>still ahead of supply</em> in most markets}}{n:, adn|, and} that the holiday "
            "line-up was the strongest in years.",
            "What changes for buyers:",
            "@list",
            "Sales of the older model have fallen {n:sharplly|sharply} since ((the PS4 Pro)) era ended, while "
            "subscription revenue has doubled.",
            "@figure",
            "Collectors still pay high prices for the PS4 Pro in its original packaging, dealers said.",
        ),
        items=("The standard console rises to $499",
               "[[Controllers and headsets keep their current prices]]",
               "Subscriptions rise by $2 a month from July"),
        caption="A shop display in Chicago; the PS4 Pro remains a collector's item.",
        extra="Second-hand prices for the PS4 Pro rose last month, according to resale sites.",
        held=True,
    ),
    Article(
        slug="river-floods", lang="en", section="World",
        headline="Thousands leave their homes as the river Esk bursts its banks",
        corrected="Hundreds evacuated as the river Esk floods three villages",
        standfirst="Emergency services rescued 140 people overnight; more rain is forecast for Thursday.",
        byline="Declan Moore", date="2024-01-17",
        paras=(
            "Rescue teams worked through the night in the Esk valley after the river rose by two metres in six "
            "hours, flooding the villages of Harrowby, Kell and Dunmere.",
            "Army trucks brought sandbags from the coast. [[More than three thousand residents spent the night in "
            "schools and church halls {t:accross|across} the valley.]] No deaths have been reported.",
            "{{Standing outside <a href=\"/en/world/kell.html\">Kell's village hall</a>, the fire chief said the "
            "water had risen <b>faster than in 2015</b>, when the last major flood struck}}{n:.The|. The} bridge "
            "at Kell has been closed.",
            "The regional authority has asked residents to:",
            "@list",
            "Forecasters said another band of rain would reach the hills by Thursday, {n:wen|when} ((the river "
            "level)) could rise again.",
            "@figure",
            "Farmers moved sheep to higher ground as the river level kept rising on Wednesday.",
        ),
        items=("Avoid driving through flood water",
               "[[Keep a bag packed with medicines and documents]]",
               "Report blocked drains to the council hotline"),
        caption="Flooded fields near Dunmere on Wednesday morning.",
        extra="Gauges at Harrowby showed the river level falling slightly at dawn.",
    ),
    Article(
        slug="library-budget", lang="en", section="Culture",
        headline="Eleven branch libraries to close under the council's budget plan",
        corrected="Council drops plan to close eleven branch libraries",
        standfirst="The cuts would save £2.1m a year; campaigners have collected 30,000 signatures against them.",
        byline="Hannah Lindqvist", date="2024-02-08",
        paras=(
            "Eleven of the county's twenty-six branch libraries would close next year under budget proposals "
            "published on Thursday.",
            "The proposals will go out to consultation. [[Mobile library vans would visit the affected villages "
            "once a {t:fortnigth|fortnight} instead.]] The central library would open on Sundays.",
            "{{Writing on <a href=\"/en/culture/letters.html\">the letters page</a>, the author Ruth Calloway "
            "called the plan <em>a quiet vandalism</em> that would hit older readers hardest}}{n:,and|, and} "
            "urged the council to think again.",
            "The council says the plan would:",
            "@list",
            "Campaigners say the branches are used by 4,000 people a week, {n:moast|most} of them ((in rural "
            "areas)) with poor bus links.",
            "@figure",
            "Broadband coverage in rural areas is also patchy, which makes online lending harder.",
        ),
        items=("Save £2.1m a year from 2025",
               "[[Move the local history archive to the central library]]",
               "Keep four branches open in shared community buildings"),
        caption="The branch library at Wetherby Lane, one of the eleven on the list.",
        extra="Similar closures in rural areas of the next county led to a legal challenge last year.",
        held=True,
    ),
    Article(
        slug="bakery-strike", lang="en", section="Business",
        headline="Bakery workers strike over night-shift pay",
        corrected="Bakery workers suspend strike as pay talks resume",
        standfirst="About 600 staff at three plants walked out on Friday, the first strike in the firm's history.",
        byline="Sam Whitford", date="2024-06-14",
        paras=(
            "Production stopped at three of Goldcrust's bakeries on Friday as about 600 workers walked out over "
            "pay for night shifts.",
            "Supermarkets said shelves might be emptier over the weekend. [[The union wants a night premium of "
            "{t:fiften|fifteen} per cent, up from the current eight.]] Talks broke down on Wednesday.",
            "{{Outside <a href=\"/en/business/goldcrust.html\">the Kirkby plant</a>, shift leader Joanne Pike said "
            "staff were <b>tired of being taken for granted</b> by managers}}{n: who who|, who} rarely worked nights.",
            "The company's latest offer includes:",
            "@list",
            "The firm said its costs had risen by a third, {n:manly|mainly} because of ((energy prices)) at its "
            "ovens.",
            "@figure",
            "Analysts expect energy prices to stay high until at least next spring.",
        ),
        items=("A one-off payment of £400",
               "[[Two extra days of leave for night staff]]",
               "A review of shift patterns in the autumn"),
        caption="Pickets at the Kirkby plant on Friday morning.",
        extra="Other food firms have also blamed energy prices for price rises this year.",
        held=True,
    ),
    Article(
        slug="school-phones", lang="en", section="Education",
        headline="Secondary schools to ban phones during the school day",
        corrected="Secondary schools told to limit, not ban, phones in class",
        standfirst="New guidance from the education department takes effect in September.",
        byline="Grace Adeyemi", date="2024-07-01",
        paras=(
            "Pupils at state secondary schools will have to keep their phones switched off and out of sight "
            "from September, under guidance published on Monday.",
            "Head teachers will decide how to enforce it. [[Some schools already ask pupils to lock their "
            "phones in pouches at the {t:begining|beginning} of the day.]] Others use lockers.",
            "{{In <a href=\"/en/education/survey.html\">a survey of 2,000 teachers</a>, nine in ten said phones "
            "caused <em>daily disruption</em> in lessons}}{n:, whlie|, while} a third reported bullying on "
            "social media during breaks.",
            "Under the guidance, schools should:",
            "@list",
            "Parents' groups were divided, {n:wtih|with} some worried about ((getting in touch)) with children "
            "on the way home.",
            "@figure",
            "Schools must still give pupils a way of getting in touch with parents in an emergency.",
        ),
        items=("Publish a clear policy on their website",
               "Allow phones for medical needs",
               "[[Review the policy with pupils every year]]"),
        caption="Pupils at a school in Leeds, where phones have been banned since 2022.",
        extra="Several head teachers said the office phone remains the best way of getting in touch.",
    ),
    Article(
        slug="wind-farm", lang="en", section="Science",
        headline="Offshore wind farm approved despite objections from fishermen",
        corrected="Offshore wind farm approved with new limits to protect fishing grounds",
        standfirst="The 80-turbine project off the east coast could power 600,000 homes by 2029.",
        byline="Oliver Brandt", date="2024-08-22",
        paras=(
            "The energy ministry approved an 80-turbine wind farm off the east coast on Thursday, overruling "
            "objections from the local fishing industry.",
            "The developer must survey seabirds for three years. [[Cables from the turbines will come ashore "
            "near the old {t:lighthose|lighthouse} at Skerry Point.]] Construction starts in 2026.",
            "{{According to <a href=\"/en/science/fisheries.html\">the fisheries federation</a>, the site covers "
            "<b>some of the richest crab grounds</b> on the coast}}{n:,and|, and} boats will lose access for years.",
            "The conditions of the approval include:",
            "@list",
            "The ministry said the farm would cut emissions {n:substantialy|substantially} and create ((jobs in "
            "the port)) at Skerry.",
            "@figure",
            "Unions welcomed the promise of jobs in the port but asked for training guarantees.",
        ),
        items=("[[A ban on piling during the herring spawning season]]",
               "Compensation for licensed crab boats",
               "A community fund of £1m a year"),
        caption="Turbines of an existing wind farm further north.",
        extra="The port authority expects up to 300 jobs in the port during construction.",
    ),
]
