"""The library's first topics and articles, written by the Navigator team in plain words.

Loaded by a data migration. Facts come from the source documents in ../shared/seeds; every
sentence here is our own. Each article passes the claims guard (a test checks it).
"""

TOPICS = [
    (
        "donor-lymphocyte-therapy",
        "Donor lymphocyte therapy",
        "Immune cells from a healthy donor, given as a drip.",
        10,
    ),
    (
        "allogeneic-car-t",
        "Allogeneic CAR-T",
        "Engineered donor T cells and how they differ from a patient's own.",
        20,
    ),
    (
        "side-effects",
        "Side effects and their management",
        "What can go wrong, what it feels like, and how teams respond.",
        30,
    ),
    (
        "clinical-trials",
        "Clinical trials explained",
        "How trials work and who decides who takes part.",
        40,
    ),
    (
        "preparing-for-infusion",
        "Preparing for an infusion",
        "Before, during and after a cell infusion.",
        50,
    ),
    (
        "travelling-for-treatment",
        "Travelling for treatment",
        "Practical matters when care is in another city or country.",
        60,
    ),
    ("about-navigation", "What navigation does and does not do", "Our role, and its limits.", 70),
]

ARTICLES = [
    {
        "slug": "therapeutic-allogeneic-lymphocytes",
        "topics": ["donor-lymphocyte-therapy"],
        "condition_areas": ["blood", "solid"],
        "title": "Therapeutic allogeneic lymphocytes: living cells from a donor",
        "summary": "What donor lymphocyte therapy is, how the cells act against disease, where it "
        "is being studied and what the main risks are.",
        "body": """## What it is

Most medicines are chemicals or proteins. This treatment is different: it is made of
living white blood cells, called lymphocytes, collected from a healthy person. Because the
cells come from someone other than the patient, doctors call them *allogeneic*.

At present these cells are investigational. They are given mainly inside clinical trials
and have no general approval from regulators such as the US FDA.

## How it works

Think of the immune system as a team of guards. In advanced cancer, or in some severe virus
infections after a transplant, the patient's own guards may be too few or may fail to
notice the problem. Donor lymphocytes are a fresh team:

1. **Finding the target.** After the drip, the cells travel in the blood and look for
   markers (antigens) on the surface of diseased cells.
2. **Switching on.** When a cell locks onto its target it becomes active and releases
   proteins, such as perforin and cytokines, that damage the diseased cell.
3. **Multiplying.** Living cells can divide inside the body, so their number can grow.
4. **Calling for help.** They also send signals that draw the patient's remaining immune
   cells towards the disease.

## Where it is being studied

| Area | Examples under study |
| --- | --- |
| Blood cancers | relapsed or refractory leukaemia, lymphoma, post-transplant lymphoproliferative disorder (PTLD) |
| Solid tumours | research into lung and pancreatic cancer, at an early stage |
| Infections | CMV or EBV after a transplant, in people with weak immunity |

## How it is given

The cells are given into a vein, often over 30 to 60 minutes, by a specialist cell therapy
team. The dose is counted in living cells per kilogram of body weight and differs from one
trial to another. Some people receive one infusion; others receive more than one.

## What research shows

Results differ a great deal between diseases. In some trials for certain types of
post-transplant lymphoma, up to about half of the patients had their disease shrink or
disappear for a time. Such figures describe groups in studies and say nothing about what
would happen for one particular person.

## Side effects

Fever, chills and tiredness are common around the infusion. The most serious risk is
graft-versus-host disease, in which the donor cells attack healthy tissue. Cytokine release
syndrome, an over-strong immune reaction, can also happen. Our article on these two
conditions explains them in more detail.

## Practical advice

- Ask the treating team which tests they need before an infusion.
- Keep away from people with infections in the weeks after treatment.
- Report a new rash or diarrhoea to the team straight away.
""",
    },
    {
        "slug": "allogeneic-versus-autologous-car-t",
        "topics": ["allogeneic-car-t"],
        "condition_areas": ["blood", "solid", "autoimmune"],
        "title": "Allogeneic and autologous CAR-T: what is the difference?",
        "summary": "CAR-T cells can be made from the patient's own blood or from a healthy donor. "
        "Here is how the two approaches compare.",
        "body": """## What CAR-T cells are

CAR-T cells are T cells, a kind of white blood cell, that have been changed in a laboratory
to carry a new receptor called a chimeric antigen receptor (CAR). The receptor lets the cell
recognise a chosen marker, such as CD19 on some leukaemia and lymphoma cells.

## Autologous: the patient's own cells

In the autologous approach, the patient's blood is collected, the T cells are modified and
grown, and then they are returned to the same patient. This has helped many people, but it
takes time, often several weeks, and it is costly. Someone who has had a lot of treatment
may also have T cells that are hard to grow.

## Allogeneic: cells from a healthy donor

In the allogeneic approach, the T cells come from healthy donors. Batches can be made and
frozen ahead of time, so they are sometimes called "off-the-shelf" cells.

| | Autologous | Allogeneic |
| --- | --- | --- |
| Source of cells | the patient | a healthy donor |
| Waiting time | weeks of manufacturing | made in advance |
| Quality of starting cells | depends on the patient's health | chosen from healthy donors |
| Main extra risks | delays while cells are made | graft-versus-host disease, rejection of the cells |

## The challenges researchers are working on

- **Graft-versus-host disease.** Donor cells may treat the patient's body as foreign.
  Gene-editing tools such as CRISPR are used in research to remove the donor cells' own
  T-cell receptor and lower this risk.
- **Rejection.** The patient's immune system may clear the donor cells quickly, which can
  shorten how long they act.
- **Safety switches.** Some products include a switch that lets doctors remove the cells
  if a reaction becomes severe.

## Where it is being studied

Trials look at blood cancers such as acute lymphoblastic leukaemia and large B-cell
lymphoma, at acute myeloid leukaemia, at solid tumours such as glioblastoma, and at
autoimmune diseases such as lupus. Much of this work is early, and which approach suits
a given person is a question for the treating specialists.
""",
    },
    {
        "slug": "gvhd-and-cytokine-release-syndrome",
        "topics": ["side-effects"],
        "condition_areas": [],
        "title": "Graft-versus-host disease and cytokine release syndrome",
        "summary": "Two reactions that matter most after donor cell therapies: what they are, "
        "the signs to watch for, and how care teams respond.",
        "body": """## Graft-versus-host disease (GvHD)

GvHD happens when immune cells from a donor see the patient's own tissues as foreign and
attack them. It most often affects the skin, the liver and the gut. It is the most
serious risk of therapies that use donor cells.

Signs families may notice:

- a new rash, often on the palms, soles or face;
- diarrhoea, stomach cramps or loss of appetite;
- yellowing of the skin or eyes.

## Cytokine release syndrome (CRS)

CRS is an over-strong immune response. Activated immune cells release large amounts of
signalling proteins (cytokines), and the body reacts as it might to a severe infection.

Signs include high fever, chills, low blood pressure, a fast heartbeat, dizziness and
difficulty breathing. It usually starts in the first days or weeks after an infusion.

## How teams respond

Treating teams watch closely for both conditions, which is one reason patients are often
asked to stay near the hospital after an infusion. Depending on what they see, doctors may
use steroids or medicines that block particular cytokines, and they give supportive care
such as fluids. Mild reactions are common and are usually manageable; severe ones need
urgent hospital care.

## Practical advice

- Ask the team for a written list of warning signs and a number to call day and night.
- Measure temperature as the team advises, and write the readings down.
- Do not wait to report a new rash, diarrhoea or fever.
""",
    },
    {
        "slug": "what-to-expect-around-an-infusion",
        "topics": ["preparing-for-infusion", "travelling-for-treatment"],
        "condition_areas": [],
        "title": "Before, during and after a cell infusion",
        "summary": "The tests, the day of the infusion and the weeks afterwards, so that families "
        "can plan and know which questions to ask.",
        "body": """## Before

The hospital usually runs several checks before any cell infusion:

- blood tests, including screening for viruses that could become active again;
- scans such as CT or MRI, to record the size of any tumours beforehand;
- a pregnancy test for women who could be pregnant;
- an assessment of general fitness, heart, lungs and kidneys.

Some treatments also need a short course of chemotherapy first, to make room for the new
cells. Ask the team how many days this preparation takes.

## On the day

The cells arrive frozen or fresh from the laboratory and are given through a drip, often
over 30 to 60 minutes. Medicines against fever and chills may be given beforehand. Nurses
check temperature, pulse and blood pressure often, and patients usually stay in the clinic
for several hours afterwards.

## Afterwards

The first weeks are when reactions such as fever, cytokine release syndrome or
graft-versus-host disease are most often seen, so teams ask patients to stay close to the
hospital and come to frequent appointments.

- Avoid close contact with people who are ill, and with babies and pregnant women, while
  the immune system recovers.
- Drink plenty of fluids unless the team says otherwise.
- Do not have any vaccination without asking the team first.
- Rest, and avoid hard exercise for the first days.

## Questions worth asking

| Question | Why it matters |
| --- | --- |
| How long must we stay near the hospital? | Travel and housing plans depend on it |
| Who do we call at night? | Reactions can start at any hour |
| Which medicines should be stopped or continued? | Some interact with the treatment |
""",
    },
    {
        "slug": "clinical-trials-and-who-decides",
        "topics": ["clinical-trials"],
        "condition_areas": [],
        "title": "Clinical trials, and who decides who can take part",
        "summary": "How clinical trials work, what eligibility criteria are, and why only the "
        "trial team can decide whether a patient may join.",
        "body": """## What a clinical trial is

A clinical trial is a carefully planned study that tests a new treatment, or a new way of
using an existing one, in people. Many cell therapies, including donor lymphocytes and
allogeneic CAR-T, are available mainly through trials.

## Eligibility criteria

Every trial publishes its own rules about who can take part, called eligibility criteria.
They may cover the exact diagnosis, earlier treatments, age, blood test results, organ
function and general fitness. They exist to protect participants and to make the results
meaningful.

## Who decides

Only the trial team decides whether a person can join a trial, and usually only after
their own screening visit and tests. A navigation service, a website or a summary of
records cannot make that decision. It is normal for a team to ask for more tests or records
before they answer.

## What joining involves

- Reading and signing an information and consent form; questions are welcome.
- Screening tests, which can take days or weeks.
- Regular visits and tests during and after treatment, sometimes for years.
- The right to leave the trial at any time.

## Questions to ask a trial team

1. What is the aim of this trial, and what phase is it in?
2. What are the known risks, and how will they be watched?
3. How long would we need to stay near the hospital?
4. What costs are covered, and which are not?
5. What other options exist if this trial is not suitable?
""",
    },
    {
        "slug": "what-navigation-does-and-does-not-do",
        "topics": ["about-navigation"],
        "condition_areas": [],
        "title": "What a navigation service does, and what it does not do",
        "summary": "How our coordinators help families, and the decisions that always stay with "
        "the treating hospital.",
        "body": """## What we do

- **Organise records.** We gather reports, scans, pathology and biomarker results and the
  treatment history into a clear, structured summary.
- **Share them with your agreement.** We send that summary to hospital or trial teams so
  that they can carry out their own review.
- **Explain.** We describe treatments and trials in plain words and help you prepare
  questions for doctors.
- **Coordinate.** We help with appointments, document submission, translation and, for
  families travelling, practical matters such as travel and accommodation.
- **Stay with you.** One coordinator is your point of contact from the first inquiry
  onwards.

## What we do not do

- We do not give medical advice or recommend a treatment.
- We do not decide whether a patient can join a trial or receive a treatment. Each hospital
  or trial team makes that decision after its own review.
- We do not promise access to any treatment, any timeline or any result.

## Why this matters

Families facing a serious illness deserve honest information. Keeping our role clear means
that every decision about treatment is made by the doctors who can examine the patient and
take responsibility for their care.
""",
    },
]


def ensure_seed_library(*, User, Topic, Article, Revision, Event) -> None:
    """Create the seed topics and publish the seed articles that are missing (idempotent).
    Takes model classes so the data migration can pass its historical models."""
    from django.utils import timezone

    # The seed articles' author and reviewer: accounts nobody can sign in to.
    author, _ = User.objects.get_or_create(
        username="editorial-team", defaults={"is_active": False, "password": "!"}
    )
    reviewer, _ = User.objects.get_or_create(
        username="medical-review-panel", defaults={"is_active": False, "password": "!"}
    )
    topics = {}
    for slug, name, description, order in TOPICS:
        topics[slug], _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    now = timezone.now()
    for data in ARTICLES:
        if Article.objects.filter(slug=data["slug"]).exists():
            continue
        article = Article.objects.create(
            slug=data["slug"],
            language="en",
            audience="families",
            condition_areas=data["condition_areas"],
            status="published",
        )
        article.topics.set([topics[slug] for slug in data["topics"]])
        revision = Revision.objects.create(
            article=article,
            number=1,
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            author=author,
            reviewer=reviewer,
            reviewed_at=now,
        )
        article.latest_revision = revision
        article.published_revision = revision
        article.save()
        Event.objects.create(
            article=article,
            revision=revision,
            kind="published",
            actor=reviewer,
            note="Seed article, reviewed by the medical review panel",
        )
