"""The intent cues (mailreg/reading/lexicon/intent.toml) explain themselves: every cue
finds its own example line, and a clear cue's example alone is read as its kind says.
Then the phrasings the issue reports from mail nobody here wrote."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import mails
import pytest
from corpus_tools import networks

from mailreg.domain.model import Intent, Note, Why
from mailreg.reading.intent import ENOUGH, cues, judge, weigh, with_headline
from mailreg.reading.understand import _Earlier, read_intent

SENT = datetime(2025, 2, 6, 9, 0, tzinfo=UTC)
FIVE = networks(Path(__file__).resolve().parents[1] / "corpus" / "five")

KINDS = {"signup", "request", "swap", "cancel", "condition", "hesitation", "thanks", "detail"}
READ_AS = {"signup": Intent.signup, "request": Intent.signup, "swap": Intent.signup,
           "cancel": Intent.cancel, "condition": Intent.unclear, "hesitation": Intent.unclear}


def test_cues_are_well_formed() -> None:
    ids = [c.id for c in cues()]
    assert len(ids) == len(set(ids))
    assert {c.kind for c in cues()} <= KINDS
    assert all(1 <= c.weight <= 3 for c in cues())


@pytest.mark.parametrize("cue", cues(), ids=lambda c: c.id)
def test_every_cue_finds_its_example(cue) -> None:
    assert cue.pattern.search(cue.example), cue.example
    weighed = weigh(cue.example)
    assert cue.id in {e.id for e in weighed.evidence}, weighed


@pytest.mark.parametrize("cue", [c for c in cues() if c.weight >= ENOUGH and c.kind in READ_AS],
                         ids=lambda c: c.id)
def test_a_clear_cues_example_alone_is_read_as_its_kind(cue) -> None:
    intent, _reason = judge(weigh(cue.example))
    assert intent == READ_AS[cue.kind], cue.example


@pytest.mark.parametrize("text", [
    "Regn mig med!", "Tæl mig med til kursusdagen.", "Jeg skal med til konferencen.",
    "Jeg er frisk på netværksmødet.", "Jeg melder mig hermed til hverdagsledelse.",
    "Jeg vil gerne med til mødet i Roskilde.", "Jeg vil også gerne deltage.",
    "En sen tilmelding fra mig til netværket.", "Kan I skrive mig på kursusdagen?",
    "Må jeg komme med?", "Må jeg også komme med i bæredygtighedsnetværket?",
    "Kan du også skrive Mette og Jakob på til kursusdagen i Vejle?",
    "Jeg tager både Aalborg 12/5 og Vejle 22/4 😊", "Jeg tager Roskilde d. 27/3.",
    "Vil du sætte disse to på ventelisten:", "Vi vil gerne sende vores to grønne ildsjæle:",
    "There will be three of us from Sønderborg on the course day.", "Two registrations from us:",
    # more people to a registration
    "Vi vil gerne tilføje endnu en deltager:", "Nu har vi fået lov til at sende tre mere.",
    "Jeg vil også gerne med ligesom Trine – samme EAN.",
    # a doubt about something else: being late, the next round
    "Tilmeld mig kursusdagen. Jeg kommer måske 10 min. for sent, for toget er ikke altid "
    "med os, men jeg kommer.",
    "Jeg vil gerne tilmelde mig netværket. Vi overvejer i øvrigt at sende en kollega med "
    "næste år, men det tager vi til den tid.",
    # hopes and offers beside a sign-up are no doubts and no conditions
    "Jeg vil gerne join kursusdagen. Jeg håber at få nogle nye ideer med hjem.",
    "Jeg vil gerne at deltage i netværket. Hvis der er noget som mangler, du må gerne skrive "
    "til mig.",
    "Jeg ønsker å melde meg på konferansen i Aalborg.",
    "Er min tilmelding kommet igennem? Hvis ikke, så betragt denne mail som min tilmelding.",
    "Min kollega og jeg vil gerne med til kursusdagen. Hvis der er fuldt, så sæt os på "
    "ventelisten.", "Jeg vil i hvert fald rigtig gerne med i netværket om hverdagsledelse.",
    "Yes please – I'd love to take the place at the course day on 22 April.",
    "Jeg kaster mig ud i det – bæredygtighed er helt nyt for mig.",
    "Reserver en stol til mig den 27. marts i Roskilde.", "Jeg er game på bæredygtighed.",
    "Jeg kommer den 27. marts 👍", "Det siger jeg ja tak til 😊",
    "Hold en stol fri til mig den 27. marts i Roskilde.",
    "Med henvisning til invitationen ønsker undertegnede hermed optagelse i netværket.",
    "Her er holdet fra Herning til kursusdagen den 22. april:",
    "Betragt ovenstående som min bestilling af en plads.",
    "To fra Herning til kursusdagen d. 22. april:\nLone Frost, lofr@herning.dk",
    "Mig selv + 2 til netværksmødet i Roskilde d. 27/3:", "Jamen så kommer jeg da!",
    "Det er mig, der skal med: Gitte Thorsen, gith@gribskov.dk.",
    "Jeg tilmelder hermed min kollega Anne Holm.",
    "Please sign me up.", "Could you add me to the list?",
    "Could you sign me up for the 22 April course?",
    "Jeg slutter mig gerne til bæredygtighedsnetværket.",
    "Vi vil gerne være repræsenteret i netværket ved vores leder af voksenområdet.",
    "Jeg booker lige en plads til min souschef på kursusdagen i Vejle.",
    "Jeg tager den om hverdagsledelse 🙋",
    "Tak for påmindelsen – skriv mig og Jakob Hald (jaha@rebild.dk) på.",
    "Det bliver Søren Bak (sba@laesoe.dk).",
    "Husk mig på listen til netværksmødet i Roskilde.",
    "Sæt gerne et kryds ud for mig til kursusdagen.",
    "Hermed bekræftes deltagelse for undertegnede i netværksmødet den 27. marts.",
    "Jeg skal hermed anmode om at blive tilmeldt konferencen den 12. maj.",
    "Jeg vil gerne joine netværket om bæredygtighed.",
    "Could I please be registered for the course day?",
    "Kan jeg også nå at tilmelde min souschef? Hun hedder Yasmin Haddad.",
    "Jeg tilslutter mig gerne netværket om ledelse af bæredygtighed.",
    "Jeg vil meget gerne tage del i netværket om hverdagsledelse.",
    "Jeg vil rigtig gerne sidde med ved bordet i det nye netværk om hverdagsledelse.",
    "Could you please add Rune Vad (ruva@billund.dk) to the conference as well?",
    "Tilmeld gerne Clara Due og Ditlev Krogh til kursusdagen.",
    "Er der plads til én mere? I så fald vil jeg gerne deltage.",
    # a place on the waiting list, an event chosen by its noun
    "Venteliste er fint.",
    "Waiting list please – and thanks for letting me know.",
    "Jeg tager konferencen. Du behøver ikke sætte mig på venteliste til kursusdagen.",
    # the answer to who comes
    "Det bliver Hanne Juul, hanju@vordingborg.dk.",
    "Det bliver Lene (lehof@frederikssund.dk). Jeg kan desværre ikke selv.",
    "Det bliver:\n- Malene Storm, malst@greve.dk\n- Yasmin El-Sayed, yaels@greve.dk",
    "Det bliver mig selv – vi er et lille bibliotek uden mellemledere.",
    # the head of a list of the library's people
    "Tilmeldinger fra Ringkøbing-Skjern Bibliotekerne:",
    "Attendees for the everyday leadership network:",
    "Vi er tre fra Favrskov: Nadia Berg, Jonas Friis og mig.",
    "Her er tilmeldingerne fra Køge – jeg har selv skrevet mig på øverst.",
    "Er det dig, man skal skrive til? I så fald vil jeg gerne være med.",
    "Vi kommer fire fra Holstebro til konferencen.",
    # a plain-text line wrapped by the mail program is one sentence
    "Vi har talt om det, og to af vores mellemledere\nvil gerne være med i netværket.",
    # colleagues she copies, her library, a place booked, a date after "med"
    "Karen og Mads (cc) vil gerne med til netværksmødet i Roskilde den 27. marts.",
    "Jeg og min kollega Lene Stæhr (cc) deltager gerne i konferencen i Aalborg 12/5.",
    "Fanø Bibliotek vil gerne deltage i konferencen den 12. maj i Aalborg.",
    "Book en plads til mig den 12. maj i Aalborg.",
    "Jeg vil gerne melde to af mine ledere til bæredygtighedsnetværket.",
    "Min chef har sendt invitationen videre. Er der plads til en mere? "
    "Så vil jeg rigtig gerne med den 27. marts.",
    "Jeg vil også gerne med på kursusdagen den 22. april, hvis du lige vil skrive mig på.",
    # a wish and a way of taking part, in any of their words
    "Jeg kunne rigtig godt tænke mig at være med.", "Jeg har stor lyst til at deltage.",
    "Jeg ønsker at blive tilmeldt.", "Jeg vil gerne være en del af mellemledernetværket.",
    "Jeg vil gerne stå på listen.", "Jeg vil gerne sikre mig en plads.",
    "Jeg melder mig gerne til netværksmødet.",
    # said as a fact, confirmed, or asked for politely
    "Jeg deltager.", "Min kollega og jeg deltager i konferencen.",
    "Vi deltager med tre personer.", "Det lyder spændende, jeg er klar.",
    "Jeg tager gerne med.", "Jeg bekræfter hermed min deltagelse.",
    "Du må gerne skrive mig på.", "Kan jeg få en plads på kursusdagen?",
    "I'd be happy to join.", "I will attend the conference.", "Please put me on the list.",
    "I'm in!",
    # the words in other orders and other voices
    "Jeg glemte vist at skrive, at jeg også selv skal med til konferencen.",
    "Jeg skal med i hverdagsledelsesnetværket, tak :)",
    "Vi vil gerne være to fra Skive Bibliotek til konferencen i Aalborg.",
    "På vegne af bibliotekschefen tilmeldes følgende til netværksmødet:",
    "Vi vil gerne sende Sanne fra børneafdelingen – Sanne Østergaard Lind – til kursusdagen.",
    "Så kommer Zahra fra os til mødet i Roskilde, se nedenfor.",
    "Ja, det må du gerne – Lisbet, vil du skrive Mette på?",
    "My colleague would also like to join – could you add him as well?",
    "Og så fik jeg aldrig meldt mig til hverdagsledelse – det vil jeg også gerne, hvis du "
    "kan klare begge dele i én omgang.",
    # the short and the unusual, from mail written to be hard
    "Jeg er på! 🙌", "Sæt et kryds ved mig til det grønne netværk.", "Jeg slår til.",
    "Ja tak til det grønne netværk!", "Vi stiller med to til souschef-dagen:",
    "Book mig ind på Vejle-dagen 😊", "Skriv mig ind i bæredygtighedsnetværket!",
    "Henriette og Vagn (cc) skal med i hverdagsledelsesnetværket.",
    "Undertegnede tillader sig hermed at anmelde sin deltagelse i konferencen.",
    "Hermed mine oplysninger til kursusdagen:", "Så: begge to, tak.",
    "Jeg deltager med glæde i netværksmødet den 27. marts.",
    "Jeg kommer til Roskilde den 27. marts.",
    "Kan I finde en plads til mig den 27. marts?",
    "Jeg er med i netværket om ledelse af bæredygtighed.",
    # in the words of mail no phrasing was used twice in
    "Samsø melder sig på banen til bæredygtighedsnetværket.", "Det er et ja herfra.",
    "Det her har jeg ventet på i et par år – jeg melder mig.", "Bæredygtighed – mig, tak 🌱",
    "Bæredygtighed lyder godt – jeg er klar 👍", "Kursusdagen siger jeg ja til.",
    "Bæredygtighedsnetværket er lige mig, så der kommer også en fra Ikast-Brande 🙂",
    "To af vores børnebibliotekarer skal afsted på Vejle-kurset:",
    "Jeg tager gerne turen til Roskilde den 27.",
    "Mads Winther, vores nye souschef, er interesseret, og vi har besluttet, at han deltager.",
    "Min chef har sagt god for det, så nu er det officielt: Rødovre stiller med mig.",
    "Vi vil gerne have tre af vores mellemledere med i netværket:",
    "Camilla har min velsignelse – skriv hende venligst på bæredygtighedsnetværket.",
    "Mig og min kollega Troels Hvid vil gerne til konferencen i Aalborg.",
    "jeg vil gerne på jeres arrangement om skønlitteratur i april hvis ikke det er for sent?",
    "Min kollega Søren Rask vil også gerne ind i netværket.",
    "Kunne du reservere en plads til mig på strategikonferencen i Aalborg den 12. maj?",
    "I would really like to be part of it.", "I'd be grateful if you could add me to the list.",
    "Sidst måtte jeg melde afbud, men denne gang er jeg der – sæt et kryds ud for mit navn.",
    "vi er tre, der gerne vil med:",
    "Du kan godt skrive mig op.", "Jeg er helt sikkert med.", "Jeg skal nok komme.",
    "Hermed tilmeldes Anne Holm til netværket.", "Vi deltager begge to.",
    "We would like to send two participants.", "Please add my colleague Anne Holm to the list.",
    "Jeg vil gerne have en billet til konferencen.", "Jeg deltager sammen med min kollega.",
    "Vi vil meget gerne sende en deltager.", "Anne Holm skal deltage i kursusdagen.",
    "Jeg har tilmeldt mig hermed.", "Jeg vil gerne søge om en plads i netværket.",
    "Jeg kan deltage.", "Jeg vil gerne være en af deltagerne.", "Please reserve a place for me.",
    "I'd like a seat at the conference.", "Count us in – we will be two.",
    "Så er jeg med!", "Jeg tager dem begge to – hverdagsledelse og bæredygtighed.",
    "Nu tør jeg godt skrive mig på bæredygtighedsnetværket.",
    "Ikke mindst vil jeg gerne deltage i kursusdagen.",
    "Vi sender Kasper Mørch Thygesen, vores leder af børneområdet, med i hverdagsledelse.",
    # politeness, not a condition or a doubt
    "Jeg vil gerne tilmelde mig netværket om hverdagsledelse, hvis det stadig er muligt.",
    "Jeg regner med at komme til netværksmødet i Roskilde – skriv mig endelig på.",
    # a request in question form
    "Vil du melde Aysel på kursusdagen den 22. april?", "Kan du melde hende til konferencen?",
    # short and in her own words
    "Også mig, tak – samme EAN som Astrid.", "Hermed tilmeldt!",
    "Vi kommer alle fire, som står på denne mail, til netværksmødet.",
    "Det bliver Sara, som står cc.", "Jeg vil gerne med fra Bornholm – flyet er booket.",
    "Jeg melder mig selv i hvert fald.", "Thomas og jeg kommer begge to fra Greve Bibliotek.",
    # the place offered taken, room being capacity's to answer
    "Jeg skrev nej i går, men min chef har nu sagt ok – hvis pladsen stadig er ledig, tager jeg "
    "den gerne!", "Jeg tager den! Kursusdagen i Vejle passer perfekt.",
    # four words between the wish and the way of taking part, beside a thanks
    "Tak for bekræftelsen på Sofie. Jeg vil faktisk også gerne selv med på kursusdagen.",
])
def test_sign_up_phrasings(text: str) -> None:
    assert judge(weigh(text))[0] == Intent.signup, weigh(text)


@pytest.mark.parametrize(("text", "why"), [
    ("Jeg vil gerne deltage, hvis min chef kan godkende udgiften.", Why.conditional),
    ("Jeg tilmelder mig gerne, forudsat at der er plads til to.", Why.conditional),
    ("Jeg overvejer at tilmelde mig og vender tilbage.", Why.hesitant),
    ("Måske vil jeg gerne deltage, jeg skal lige tjekke kalenderen.", Why.hesitant),
    # a possibility she asks about is a condition; "hvis det er muligt" alone is politeness
    ("Hvis det er muligt at deltage online, vil jeg gerne tilmeldes bæredygtighedsnetværket.",
     Why.conditional),
    ("Jeg skal undersøge, om vi skal trække os fra netværket, og vender tilbage.", Why.hesitant),
    ("Jeg er frisk, hvis der er plads i budgettet.", Why.conditional),  # money, not seats
    # the answer she waits for, asked two sentences before
    ("Will any of the talks be in English? My Danish is still basic. If so, I would like to "
     "register.", Why.question),
    ("Jeg vil egentlig gerne tilmeldes, men jeg går på barsel i maj.", Why.hesitant),
    ("Jeg tror nok, jeg er med, men sæt mig ikke på listen endnu.", Why.hesitant),
    ("Reserver gerne en plads til mig på konferencen – jeg bekræfter senest den 10. marts.",
     Why.hesitant),
    ("Jeg tygger stadig på, om jeg skal melde mig til hverdagsledelse.", Why.hesitant),
    # her doubt stays hers, the question after it asks the coordinator's opinion only
    ("Jeg kunne godt tænke mig at være med, men jeg er i tvivl om, det er det rigtige for mig "
     "lige nu. Hvad tænker du?", Why.hesitant),
    ("Det er hende, der beslutter, hvem af os der skal afsted til Aalborg.", Why.hesitant),
    ("Jeg vil rigtig gerne være med i netværket, når jeg er tilbage fra barsel.", Why.hesitant),
    ("Jeg vil gerne tilmelde mig. Er der parkering?", Why.signup_with_question),
    ("Jeg vil gerne tilmelde mig. Skal fakturaen sendes til kommunen eller biblioteket?",
     Why.signup_with_question),
    ("Jeg vil gerne tilmelde mig, men må desværre melde afbud til det andet.",
     Why.signup_and_cancel),
    ("Jeg tilmelder mig, når jeg har talt med min chef – hun er tilbage på mandag.",
     Why.conditional),
    ("Skal have det med i budgettet før jeg melder mig til.", Why.hesitant),
    ("Ellers må jeg desværre melde fra.", Why.conditional),
    ("Jeg må nok melde afbud, men jeg overvejer stadig at komme.", Why.hesitant),
    # a sign-up that waits for something
    ("Jeg vil gerne deltage, men afventer min chefs godkendelse.", Why.conditional),
    ("Jeg vil gerne deltage, men skal lige have det godkendt først.", Why.conditional),
    ("Jeg vil meget gerne deltage, men det afhænger af vagtplanen.", Why.conditional),
    ("Jeg vil gerne med, men kan først bekræfte i næste uge.", Why.conditional),
    ("Jeg vil gerne deltage, men kan kun være med om formiddagen.", Why.conditional),
    ("I would like to attend, but I need to check with my manager first.", Why.conditional),
    ("Jeg regner med at deltage i netværket, men vagtplanen er ikke lagt.", Why.hesitant),
    ("I'm planning to attend the conference, but before I register I need to check "
     "something with our finance team.", Why.hesitant),
    # the registration still to come from another, a final ok, a yes to another meeting
    ("Jeg vil rigtig gerne deltage i konferencen. Hos os står sekretariatet for "
     "tilmeldingerne, så du får en tilmelding fra dem i løbet af næste uge.", Why.hesitant),
    ("Jeg tror, jeg er med i netværket om hverdagsledelse, men skal lige have det endelige "
     "ok fra Karsten først.", Why.hesitant),
    ("Jeg vil gerne med, men skal have grønt lys fra min chef.", Why.conditional),
    ("Regn med mig – jeg skal bare lige have grønt lys fra økonomi.", Why.conditional),
    ("Ja tak, jeg vil gerne være med – men den dag har vi byrådsmøde. Jeg finder ud af, om "
     "jeg kan rykke det.", Why.hesitant),
    # who goes is not decided
    ("Vi vil gerne med til både konferencen og kursusdagen, men vi har ikke besluttet, hvem "
     "der tager hvad.", Why.hesitant),
    ("Vi vil gerne reservere en plads i netværket. Hvem der deltager, aftaler vi internt.",
     Why.hesitant),
    # the networks are for leaders: whether one who is not may join is hers to say
    ("Jeg er ikke leder, men kunne godt tænke mig at være med i hverdagsledelse.",
     Why.conditional),
    ("Jeg er klar på næste netværksmøde, men ikke det her i marts – der er jeg på ferie.",
     Why.hesitant),
    ("Vil gerne med – hvis ikke det ligger oven i vores personaledag. Tjekker og vender "
     "tilbage.", Why.conditional),  # a limit after a dash stays with what it limits
    ("Jeg tror, jeg melder mig – men jeg vil lige høre min nye chef først.", Why.hesitant),
    ("Jeg regner med at komme, hvis budgettet holder.", Why.hesitant),
    # "Så ..." answers a question about room alone, not one that asks more
    ("Vi er tre, som gerne vil med på kursusdagen. Er der plads til så mange fra samme "
     "bibliotek, og giver I rabat, hvis vi er flere? Så melder vi os til med det samme.",
     Why.signup_with_question),
    # a cancellation the next sentence makes conditional
    ("Jeg melder hermed afbud til hverdagsledelse. Medmindre jeg kan blive flyttet over på "
     "bæredygtighed – så bliver jeg meget gerne i stedet.", Why.conditional),
    # a yes taken back in the same mail
    ("Ja, jeg vil meget gerne med! ...vent. Den 12. maj har vi budgetseminar. Så desværre "
     "alligevel nej - giv pladsen til den næste på listen.", Why.signup_and_cancel),
])
def test_conditions_hesitation_and_mixed_evidence_wait_for_review(text: str, why) -> None:
    intent, reason = judge(weigh(text))
    assert reason is not None and reason.code == why, (intent, reason)
    assert intent != Intent.signup or why == Why.signup_with_question


@pytest.mark.parametrize("text", [
    "Jeg trækker hermed min tilmelding til konferencen tilbage.",
    "Slet venligst min tilmelding.", "Jeg kan alligevel ikke deltage.",
    "I have to cancel my registration.",
    "Så desværre alligevel nej - giv pladsen til den næste på listen.",
    # a verb of withdrawal with the registration as its object
    "Jeg trækker min tilmelding til konferencen i Aalborg den 12. maj.",
    "Jeg bliver desværre nødt til at aflyse min deltagelse i mellemledernetværket.",
    "Unfortunately I can no longer attend the network meeting in Roskilde.",
    "Please remove me from the list.",
    "Jeg kommer desværre alligevel ikke.", "Jeg skal desværre ikke med alligevel.",
    "Jeg må melde pas.", "Jeg må springe fra.", "Jeg trækker mig.",
    "Jeg må desværre frafalde min plads.", "I won't be able to attend.",
    "Sorry, I have to drop out.", "Jeg har fået forfald.",
    "Jeg har desværre ikke mulighed for at deltage alligevel.",
    "Jeg ønsker at udtræde af netværket.", "Jeg må melde mig ud af netværket.",
    "Jeg hopper desværre fra igen.", "Den må jeg desværre springe over alligevel.",
    "Regn ikke med mig alligevel.", "I'm afraid I'll have to bow out of the conference.",
    "Signe Rask bliver desværre ikke en del af netværket alligevel.",
    "Stryg mig af listen til hverdagsledelse.",
    "Det bliver for meget, så tag mig venligst af bæredygtighedsnetværket.",
    "Jeg må desværre frasige mig pladsen på kursusdagen i Vejle.",
    # a cancellation with a plan for later is still a cancellation
    "Jeg skal desværre afmelde min kollega Bo Riis. Vi vender tilbage, hvis vi finder en "
    "anden deltager.",
    "Jeg må sige farvel til bæredygtighedsnetværket.", "Slet venligst begge mine tilmeldinger.",
    "Jeg må desværre melde os begge ud af netværket igen.",
    "Hverken Trine eller jeg kan komme til hverdagsledelse alligevel.",
    # nobody of them as the subject: no sign-up in "kan komme til kursusdagen"
    "Ingen af os kan komme til kursusdagen alligevel.",
    "Unfortunately neither of us can come to the course day in Vejle after all.",
])
def test_cancellations_that_speak_of_the_registration(text: str) -> None:
    assert judge(weigh(text)) == (Intent.cancel, None)


@pytest.mark.parametrize("text", [
    "Jeg kommer den 27. marts kl. 8.30 og sætter stole op.",  # one who helps
    # another's wish she will ask for herself, or heard of
    "Min kollega Sara Holm vil gerne med på kursusdagen, så hun skriver selv til dig.",
    "My colleague Emma would like to join; she will write to you herself.",
    "Jeg har hørt, at Bjarne fra Lejre også gerne vil være med i netværket.",
    "Flere af mine teamledere har givet udtryk for, at de gerne vil deltage.",
    # the invitation or the names passed on
    "Jeg sender lige invitationen videre til vores grønne team.",
    "Jeg sender navnene på vores deltagere, når vi har fordelt pladserne internt.",
    # a decision, a hope, a condition still open
    "Vores direktør beslutter i næste uge, om vi sender nogen til konferencen.",
    "Jeg håber at kunne deltage i netværket, men det er ikke afklaret endnu.",
    "Vi har endnu ikke fundet ud af, hvem der skal med til netværksmødet.",
    "Jeg kan først tilmelde mig, når vores MED-udvalg har godkendt planen.",
    "Jeg vil gerne deltage, men min chef skal lige godkende det.",
    "Provided our budget is approved, I'll come to the conference.",
    "Vi satser på at tilmelde os netværket, når der kommer et nyt forløb.",
    # a newsletter or the news of the networks, and what a job ad promises another
    "Tilmeld mig venligst nyhedsbrevet – jeg vil gerne følge med i jeres netværk.",
    "Jeg har skrevet i opslaget, at den nye leder får mulighed for at deltage i netværket.",
    # one who comes as planned already
    "Bo will attend the conference as planned.",
    # a request to take her off
    "Kan I melde mig af kursusdagen?",
    # other plans, far from the wish
    "Vi vil gerne samkøre og måske køre sammen til møderne.",
    "Vores økonomi vil gerne have et ordrenummer med.",
    "Jeg møder op kl. 9 og hjælper med at stille op.",
    "Jeg melder mig selv syg i morgen, så jeg svarer på mandag.",
    # a yes from one outside the target group: to giving a talk, or for the coordinator
    "Jeg hører ikke selv til målgruppen, men jeg stiller gerne op til et af møderne.",
])
def test_what_only_looks_like_a_sign_up_signs_nobody_up(text: str) -> None:
    assert judge(weigh(text))[0] != Intent.signup or judge(weigh(text))[1] is not None


@pytest.mark.parametrize("text", [
    "Skal man tilmelde sig for at deltage?", "Hvad koster det at deltage?",
    "Unfortunately I cannot attend myself.",
    "Jeg vil ikke deltage i år.", "Tak for bekræftelsen!",
    "Jeg har ikke fået nogen bekræftelse på min tilmelding. Er den kommet frem?",
    # the same words about something else
    "Jeg er klar over, at fristen er overskredet.", "Vi tager selv kaffe og kage med.",
    "Jeg har desværre ikke lyst til at deltage.", "Jeg deltager ikke i år.",
    "Hun deltager i konferencen.", "Jeg deltager allerede i netværket om hverdagsledelse.",
    "Vi vender tilbage, hvis vi finder en anden deltager.",
    "Jeg kunne godt tænke mig at høre mere om programmet.", "I will not attend.",
    "Jeg deltager i et møde den dag, så jeg kan desværre ikke komme.",
    # another will sign herself up; a sign-up for later; a question about cancelling
    "Tak for invitationen. Jeg har sendt den videre til mine mellemledere, som selv "
    "tilmelder sig.",
    "Jeg har videresendt invitationen til vores souschef, som vil tilmelde sig selv.",
    "Jeg vil bede min souschef om at tilmelde sig.",
    "Jeg vil gerne deltage næste år.", "Jeg skal nok tilmelde mig senere.",
    "Jeg tænker at tilmelde mig, men vil først se programmet.",
    "Hvis jeg tilmelder mig, kan jeg så nå at afmelde mig igen?",
    "Jeg sender invitationen videre til netværket af souschefer.",
    "Vi overvejer at sende tre fra huset på kursusdagen. Får vi én samlet faktura?",
    "Vi skal have det med i budgettet, inden jeg kan melde mig til.",
    # another's wish passed on; a sign-up that waits for an answer
    "Jeg skulle hilse fra Mette og sige, at hun gerne vil med.",
    "If English is possible, I'd love to join.",
    "Skriv mig på med blyant 😊 Endeligt svar inden 1. marts.",
    "Hvis jeg melder mig til nu, kan jeg så sende en kollega i stedet, hvis jeg bliver "
    "forhindret?",
    "Er der plads til to? Hvis ja, tilmelder jeg os begge i morgen.",
    "Er man i målgruppen som teamkoordinator? I så fald vil jeg gerne tilmeldes.",
    "Kan jeg betale efter 1. januar? Hvis ja, så vil jeg gerne med.",
    # a "not" just before the way of taking part; agreeing is not taking part
    "Jeg vil ikke skrive mig på endnu.", "Jeg er med på at vi deler pladsen.",
    "Deltagere fra sidste år: se vedhæftede.", "Vi er to, der deler ledelsen.",
    "Jeg tager kursusdagen op med min chef.", "Sæt mig ikke på venteliste.",
    # who comes is not decided; she tries, cannot promise, will let you know
    "Vi sender én, men det bliver enten Ditte eller Morten, alt efter vagtplanen.",
    "Jeg kan ikke love noget, men jeg forsøger at komme til kursusdagen.",
    "I might be able to come to the course day, I'll let you know.",
    "Jeg vil gerne tilføje en kommentar til programmet.", "Jeg har tilføjet min kollega i cc.",
    "Vi tager toget kl. 8.15 fra Aarhus.", "Jeg tager fri 12/5.",
    "Jeg vil rigtig gerne med til enten konferencen eller kursusdagen – men jeg kan ikke "
    "bestemme mig. Jeg skriver igen, når jeg har valgt.",
    "Der kommer en fra Lolland, men lad os lige høre Tina først.",
    "One of us will come to the network meeting, but let me check with Anna first.",
])
def test_questions_refusals_and_thanks_are_no_sign_up(text: str) -> None:
    assert judge(weigh(text))[0] != Intent.signup


@pytest.mark.parametrize("text", [
    "I stedet for Mette Bach kommer Jonas Krog til netværksmødet.",
    "Jeg kan ikke selv, så jeg sender min souschef i stedet.",
    "Jonas overtager hendes plads på kursusdagen.",
    "Ida comes instead of me.",
    "Camilla Dyhr overtager Bjarnes plads i netværket.",
    # the leaver's cancellation is part of the swap
    "Wanja kan desværre ikke alligevel, så Rasmus Fogh overtager hendes plads.",
    "Ulrich Beck er stoppet hos os, så i stedet kommer Tanja Lindqvist.",
    "Min plads på konferencen giver jeg derfor videre til min afløser, Kasper Holm.",
    "I can't attend after all, but my colleague Tobias Weng will go in my place.",
    "Jeg må melde afbud, men min souschef Oline Kragh vil meget gerne overtage pladsen.",
])
def test_one_person_in_anothers_place_is_a_signup_for_the_coordinator(text: str) -> None:
    """The newcomer is signed up, but the one who is not coming is hers to cancel."""
    intent, reason = judge(weigh(text))
    assert intent == Intent.signup and reason is not None and reason.code == Why.swap


@pytest.mark.parametrize(("text", "why"), [
    ("Ja tak, skriv mig på til netværksmødet.\n\nKan jeg få deltagerlisten? Så kan vi måske "
     "arrangere samkørsel.", Why.signup_with_question),
    ("Jeg vil gerne tilmelde mig.\n\nVed I, om der er parkering? Jeg kommer i bil, og det er "
     "rart at vide, om jeg skal regne med at lede efter en p-plads.", Why.signup_with_question),
    ("Jeg vil gerne tilmelde mig.\n\nJeg skal dog lige have det godkendt af min chef.",
     Why.hesitant),
    ("Jeg vil gerne tilmelde mig.\n\nJeg er dog ikke sikker på, at jeg kan få fri.", Why.hesitant),
    ("Jeg vil gerne tilmelde mig. Er der plads? Ellers overvejer jeg næste hold.",
     Why.hesitant),
])
def test_a_doubt_after_a_question_of_its_own_paragraph_is_the_questions(text: str, why) -> None:
    """The doubt explains why she asks; one in the sign-up's paragraph, or in a paragraph
    of its own, still holds the sign-up back."""
    intent, reason = judge(weigh(text))
    assert reason is not None and reason.code == why, (intent, reason)


@pytest.mark.parametrize(("text", "conditional"), [
    ("Jeg vil gerne med til kursusdagen, hvis jeg kan få en afløser.", True),
    ("Jeg vil gerne med til kursusdagen, hvis der stadig er plads.", False),  # capacity decides
    ("Sæt mig gerne på venteliste, hvis den bliver fyldt.", True),
    ("Jeg vil gerne tilmelde mig. Sig til, hvis du mangler noget.", False),
    ("Jeg vil gerne tilmelde mig, og hvis du har brug for EAN, så er det nedenfor.", False),
])
def test_an_if_counts_only_beside_the_signup_it_limits(text: str, conditional: bool) -> None:
    intent, reason = judge(weigh(text))
    assert (intent == Intent.unclear and reason is not None
            and reason.code == Why.conditional) == conditional, (intent, reason)


@pytest.mark.parametrize("text", [
    "Jeg vil gerne høre, hvad prisen dækker.", "Jeg har et spørgsmål til kursusdagen.",
    "Jeg er i tvivl om, hvorvidt jeg er i målgruppen.",
    "Kan du fortælle mig, hvor mødet holdes", "Hvad er prisen for netværket",
    "I was wondering whether the conference is in English.",
])
def test_a_question_without_a_question_mark_is_a_question(text: str) -> None:
    assert judge(weigh(text))[0] == Intent.question


def test_a_colleagues_doubt_is_hers_not_the_writers() -> None:
    text = ("Jeg vil gerne tilmelde mig netværket. Min kollega Ditte Hougaard overvejer også at "
            "være med, men hun skriver selv til dig, hvis hun beslutter sig.")
    assert judge(weigh(text)) == (Intent.signup, None)
    own = "Jeg vil gerne tilmelde mig netværket – med forbehold for godkendelse fra min chef."
    assert judge(weigh(own))[0] == Intent.unclear


@pytest.mark.parametrize("text", [
    "Kan du ringe mig op, så vi kan tale om det?", "Har du 15 min torsdag kl. 10?",
    "Kan vi låne jeres mødelokale torsdag den 10. april?",
    "Kan du ændre fakturaadressen på min tilmelding til kursusdagen?",
])
def test_a_question_that_asks_for_something_else_is_for_the_coordinator_to_sort(text) -> None:
    """A call, a room, a change of details: not a question about an event, and no
    sign-up; the coordinator sees what is asked."""
    raw = mails.gmail("anbo@vejle.dk", "Anne Bo", "Netværk", text, sent=SENT)
    mail = mails.inbound(raw, SENT)
    intent, reason, _ = read_intent(text, mail.subject, mail, _Earlier(""), ())
    assert intent == Intent.unclear and reason is not None and reason.code == Why.other_request


def test_a_place_for_part_of_the_meetings_is_for_the_coordinator() -> None:
    text = ("I'd like a place in the everyday leadership network, but I can only attend the "
            "first two of the three meetings.")
    intent, reason = judge(weigh(text))
    assert intent == Intent.unclear and reason is not None and reason.code == Why.conditional


@pytest.mark.parametrize("text", [
    "Vil gerne med til kursusdagen i Vejle.",  # the "I" left out, as a hurried mail does
    "Kommer gerne til mødet i Roskilde.",
    "Would love to join the network.",
])
def test_a_sentence_without_its_i_is_the_writers(text: str) -> None:
    assert judge(weigh(text))[0] == Intent.signup


@pytest.mark.parametrize("text", [
    "Kan man deltage i netværksmødet d. 27/3 kun om formiddagen?",  # "d." ends no sentence
    "Kan du deltage i netværksmødet?",  # asks another
])
def test_a_question_about_taking_part_is_no_sign_up(text: str) -> None:
    assert judge(weigh(text))[0] == Intent.question


def test_a_colleagues_wish_is_hers_not_the_writers() -> None:
    weighed = weigh("Sofie vil gerne med i bæredygtighedsnetværket, se nedenfor.")
    assert judge(weighed)[0] is None
    assert [e.kind for e in weighed.evidence] == ["wish"]


@pytest.mark.parametrize("text", [
    "Britt Bertelsen, Søren Gade og Majken Holst skal med til kursusdagen i Vejle.",
    "Alle tre afdelingsledere skal med til konferencen.",
    "De tre i cc skal alle med til netværksmødet i Roskilde.",
])
def test_colleagues_named_as_the_subject_are_theirs_to_be_signed_up_for(text: str) -> None:
    """A chief's list of people who go is their part, not the writer's own sign-up: a
    colleague's wish, which a sign-up where she stands behind it (an EAN, her approval)."""
    weighed = weigh(text)
    assert judge(weighed)[0] is None and weighed.first("wish") is not None


def test_a_not_before_the_way_of_taking_part_makes_it_none() -> None:
    weighed = weigh("Hverken Pernille Dahl eller jeg kan komme til konferencen i Aalborg.")
    assert not weighed.first("signup")


@pytest.mark.parametrize(("text", "intent"), [
    # the Danish "I" is "you": their wish, not the writer's
    ("Sig til inden fredag, om I vil med til netværksmødet, så melder jeg jer til samlet.",
     None),
    ("Karin Holm er desværre forhindret i at deltage i netværksmødet i Roskilde.",
     Intent.cancel),
    ("Her er vores tre deltagere til kursusdagen om formidling:", Intent.signup),
    ("Please register the following three for the network meeting in Roskilde:",
     Intent.signup),
    # helping to do something is not taking part
    ("Vi vil gerne være med til at lægge hus til et af møderne i hverdagsledelsesnetværket.",
     None),
    ("Jeg vil gerne være med til netværksmødet i Roskilde.", Intent.signup),
    ("Jeg meldte afbud i januar, men nu kan jeg alligevel godt. Må jeg få min plads igen, "
     "hvis der stadig er plads?", Intent.signup),
    # an emoji ends a sentence, as a phone's writer leaves it
    ("Tilmeld mig skønlitteratur-kurset i Vejle 🙏 kan man få glutenfri frokost?",
     Intent.signup),
    # "Så ..." after a question whose answer decides waits for it, unless she answered it
    # herself for either case
    ("Kan jeg godt nøjes med formiddagen i Aalborg? Skal hente barn 🙈 Så tilmelder jeg mig",
     Intent.question),
    ("Er det muligt at deltage online i netværksmødet? Hvis ikke, kommer jeg fysisk – så "
     "tilmeld mig endelig.", Intent.signup),
])
def test_who_takes_part_and_whether(text: str, intent: Intent | None) -> None:
    assert judge(weigh(text))[0] == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("Jeg annullerer hermed min tilmelding.", Intent.cancel),  # the registration cancelled
    ("Min tilmelding til mellemledernetværket bedes annulleret.", Intent.cancel),
    ("Jeg kommer, men springer frokosten over.", None),  # no event let go
    ("Skriv mig op til kursusdagen. Jeg skriver fra min private mail, da jeg ikke kan komme "
     "på arbejdsmailen.", Intent.signup),  # "komme på" the mail is no absence
    ("Jeg melder fra til netværket om bæredygtighed, men kommer stadig på konferencen.",
     Intent.cancel),  # a place held already is no new sign-up
    ("Afmeld mig venligst jeres nyhedsbrev.", None),  # a newsletter is no event
    # nobody to take the place: no swap
    ("Vi har ikke pt. en anden leder, der kan overtage pladsen, så I må gerne give den "
     "videre.", None),
    # a fact conceded beside another request
    ("Sæt mig gerne på maillisten, selvom jeg ikke har mulighed for at deltage i år.", None),
    ("Jeg melder fra til middagen, men er med hele dagen.", None),  # nor a dinner
    ("Vi må droppe frokosten, vi har madpakker med.", None),
    ("I cancelled my hotel room, I'll take the train home.", None),
    ("Our staff meeting was cancelled, so now I had time to read your mail.", None),
    ("Ingen afbud herfra – jeg glæder mig!", None),
    ("Min kollega Mads har vist meldt fra til konferencen.", None),  # another's, told
    ("Det kan godt være, jeg må melde fra til Roskilde, hvis vagtplanen driller.", None),
    ("Tak for dit hurtige svar på mit afbud.", None),
    # what she had told her chief is no cancellation now; the registration withdrawn is no
    # sign-up
    ("Jeg havde meldt fra over for min chef, men nu har jeg flyttet ferien. Så tilmeld mig "
     "venligst konferencen.", Intent.signup),
    ("Kindly withdraw my registration for the conference on 12 May.", Intent.cancel),
    # her cancellation taken back asks for her place again
    ("Glem mit afbud fra i går – mødet er flyttet, så jeg kan alligevel godt komme.",
     Intent.signup),
    # a colleague written off the list is cancelled; her name in the request words is no
    # request to sign her up
    ("Du må godt skrive Ulla Grønbech (ulgr@stevns.dk) af listen til netværksmødet.",
     Intent.cancel),
    # a speaker offered, or one copied on the practical mail, takes no place
    ("Hvis I mangler en til at fortælle om læsekredse, melder jeg mig klar til at holde et "
     "kort oplæg på kursusdagen.", None),
    ("Sæt mig gerne på cc, når du sender praktisk information til Lone.", None),
    # one who may take the place and writes herself is no swap the writer asks for
    ("Jeg må melde fra til kursusdagen. Min kollega Hanne vil måske gerne overtage pladsen; "
     "hun skriver selv til dig.", Intent.cancel),
    # a mailing list is no event
    ("Vil du slette mig fra jeres mailliste? Jeg er gået på pension.", Intent.question),
    ("Jeg har meldt afbud til et møde i KL for at kunne komme med til konferencen.",
     Intent.signup),
    ("Jeg må desværre opgive min plads på kursusdagen.", Intent.cancel),
    ("Jeg tilslutter mig Mettes forslag om et fælles møde.", None),  # agreeing
    ("Please unsubscribe me.", None),
    # a wish for another round is no sign-up now, and no doubt about the cancellation
    ("Jeg må desværre melde fra, men håber at kunne være med en anden gang.", Intent.cancel),
    ("I have to cancel, but I would love to join next year.", Intent.cancel),
    ("Jeg må trække mig. Jeg vil gerne være med igen på et senere tidspunkt.", Intent.cancel),
    # the doubt before it stays; the network's next meeting is hers to sort (absent once)
    ("Måske må jeg melde fra, og så tager jeg med en anden gang.", Intent.unclear),
    ("Jeg kan ikke komme til mødet i marts, men er med igen næste gang.", Intent.unclear),
    ("Jeg må melde afbud til konferencen, men vil gerne tilmelde mig kursusdagen.",
     Intent.unclear),
    ("Jeg må melde afbud til netværksmødet - men vil til gengæld meget gerne med på "
     "kursusdagen, hvis der stadig er plads.", Intent.unclear),
    # the writer with another: both cancel ("Selv må jeg melde pas" sets her aside)
    ("Jeg selv og Mette Kold (meko@hjoerring.dk) må melde fra.", Intent.cancel),
    # a seat given on, with or without a waiting list to give it to
    ("Nej tak, jeg har fået andre planer den dag. Giv den endelig til en anden.", Intent.cancel),
    ("Jeg må melde afbud til konferencen. Hvis I har en venteliste, så giv endelig min plads "
     "videre.", Intent.cancel),
    # a deletion she asks the coordinator not to make
    ("Hun regner med at være frisk til netværksmødet, så I skal ikke slette hende.", None),
    # a sign-up that may come later, from another
    ("Hun har bedt mig melde afbud for hende. Jeg kigger på, om en anden kan tage over, men "
     "det bliver i så fald en ny tilmelding.", Intent.cancel),
])
def test_cancellations_and_what_only_looks_like_one(text: str, intent: Intent | None) -> None:
    assert judge(weigh(text))[0] == intent


@pytest.mark.parametrize(("text", "intent"), [
    # a plan she had is neither a sign-up nor a cancellation; what she asks after it is
    ("Jeg havde tænkt mig at melde afbud til netværksmødet, men det er lykkedes at bytte, så "
     "jeg kommer som planlagt.", None),
    ("Jeg nævnte på årsmødet, at jeg nok selv ville melde mig til netværket.", None),
    ("I was going to register for the conference myself.", None),
    ("Jeg havde håbet at kunne deltage, men jeg må desværre melde afbud.", Intent.cancel),
])
def test_a_plan_she_had_is_not_what_she_asks(text: str, intent: Intent | None) -> None:
    assert judge(weigh(text))[0] == intent


def test_instead_of_a_plan_she_had_is_a_plain_sign_up_not_a_swap() -> None:
    assert judge(weigh("Jeg havde tænkt mig at melde mig selv til netværket, men jeg sender i "
                       "stedet Nanna Kjærgaard.")) == (Intent.signup, None)
    # (a plan for another, who may be registered, leaves the swap for the coordinator)
    reason = judge(weigh("Planen var, at han skulle med, men han er fratrådt, så nu kommer jeg "
                         "selv i stedet."))[1]
    assert reason is not None and reason.code == Why.swap


@pytest.mark.parametrize(("text", "intent"), [
    # a doubt about something else, in a paragraph above the sign-up
    ("Vi overvejer også at søge om et ekstra stoppested ved plejecentret i Snedsted.\n\n"
     "Og så vil jeg i øvrigt gerne tilmelde mig hverdagsledelse.", Intent.signup),
    ("I've put a tentative hold on the 12th for the kick-off.\n\nBy the way, please sign me "
     "up for the sustainability network.", Intent.signup),
    # a doubt about taking part, or one after the sign-up, still holds it back
    ("Jeg er ikke sikker på, at jeg kan få fri.\n\nMen skriv mig på hverdagsledelse.",
     Intent.unclear),
    ("Skriv mig endelig på til konferencen.\n\nMen kun hvis der bliver arrangeret fælles "
     "transport fra Aarhus.", Intent.unclear),
])
def test_a_doubt_in_a_paragraph_about_something_else_holds_nothing_back(
        text: str, intent: Intent) -> None:
    assert judge(weigh(text))[0] == intent


def test_who_comes_put_right_is_one_in_and_one_out_for_the_coordinator() -> None:
    """Nobody is dropped unsaid: the one put in waits beside the one taken out."""
    assert judge(weigh("Jeg skrev i går, at det var Pia Stender, der skulle med – det var en "
                       "fejl. Det er Pernille Skov, der skal med. Pia skal ikke med.")) == (
        Intent.unclear, Note.of(Why.signup_and_cancel))


@pytest.mark.parametrize(("text", "intent"), [
    ("Could you please sign up both myself and my colleague Mette Brix for the network?",
     Intent.signup),
    ("I have to deregister from the course day in Vejle, sorry!", Intent.cancel),
    ("Could you please also add two of my team leaders? Sofie Lund and Mads Krogh.",
     Intent.signup),
    # her registration thanked for is not asked for again
    ("Thanks for confirming my registration for both the conference and the course day. "
     "I had really hoped to make both, but I have to drop the course day in Vejle.",
     Intent.cancel),
    # a place she may pass on later holds her cancellation back no more than a swap makes it
    ("I have to deregister from the course day in Vejle. Maybe a colleague will take my "
     "place, I let you know when I know more.", Intent.cancel),
])
def test_english_as_colleagues_abroad_write_it(text: str, intent: Intent) -> None:
    assert judge(weigh(text)) == (intent, None)


def test_one_sent_instead_with_an_address_is_a_swap() -> None:
    reason = judge(weigh("I can't attend the conference after all. We'll send Ingrid Holt "
                         "(inho@roskilde.dk) instead."))[1]
    assert reason is not None and reason.code == Why.swap


def test_one_who_takes_anothers_place_is_a_swap_for_the_coordinator() -> None:
    intent, reason = judge(weigh("Tom Riis can't make it to the course day after all – Anna "
                                 "Bak Nielsen will take his place."))
    assert intent == Intent.signup and reason is not None and reason.code == Why.swap


@pytest.mark.parametrize("text", [
    "Så jeg må trække mig igen – beklager besværet.",
    "Både Tine og Henrik skal derfor tages af listen til hverdagsledelse.",
    "Jeg skal have mig strøget af bæredygtighedsnetværket igen.",
    "Vi må desværre aflyse bibliotekets deltagelse i konferencen den 12. maj.",
    "Unfortunately I have to give up my place at the course day.",
    "Bæredygtighed må jeg give slip på.",
    "Begge mine tilmeldinger skal desværre slettes.",
    "Jeg dropper Aalborg d. 12/5.",
    "Efter min barsel starter jeg på halv tid, så jeg melder mig derfor fra netværket.",
    "Annullér venligst min tilmelding til kursusdagen.",
    "Vores deltagelse i konferencen må desværre aflyses.",
    "Jeg må bakke ud af netværksmødet i Roskilde.",
    "Skriv mig venligst ud af netværket om bæredygtighed.",
    "jeg kan alligevel ikk komme d. 22/4",
    "Vi er ude af hverdagsledelse i år.",
    "Jeg må desværre droppe kursusdagen.",
    "Jeg må droppe bæredygtighed igen, men fastholder hverdagsledelse.",
    "Jeg kan alligevel ikke. Beklager.",
])
def test_cancellations_in_many_words(text: str) -> None:
    assert judge(weigh(text))[0] == Intent.cancel


@pytest.mark.parametrize(("text", "expected"), [
    ("Jeg vil gerne deltage i netværksmødet. Min kollega Naja Frost overvejer også at komme.",
     (Intent.signup, None)),
    ("Jeg melder mig til netværksmødet den 27/3. Min kollega Kirsten Lund kommer måske også.",
     (Intent.signup, None)),
    # a doubt about her own coming, or her chief's approval, still holds her back
    ("Jeg vil gerne med. Min kollega og jeg kommer måske begge.", (Intent.unclear, Why.hesitant)),
    ("Jeg vil gerne med. Min chef har måske ikke godkendt det endnu.",
     (Intent.unclear, Why.hesitant)),
])
def test_a_doubt_about_a_colleagues_own_coming_holds_no_sign_up_back(
        text: str, expected: tuple[Intent, Why | None]) -> None:
    intent, reason = judge(weigh(text))
    assert (intent, reason.code if reason else None) == expected


def test_small_talk_asks_nothing_beside_a_sign_up() -> None:
    assert judge(weigh("Det er længe siden – hvordan gik det med flytningen? Nå, til sagen: "
                       "jeg vil gerne tilmelde mig kursusdagen.")) == (Intent.signup, None)


def test_a_condition_about_another_round_holds_no_cancellation_back() -> None:
    assert judge(weigh("Unfortunately I have to withdraw from the network. If things calm down "
                       "in the autumn, I might get in touch again, but please take me off the "
                       "list for now.")) == (Intent.cancel, None)


@pytest.mark.parametrize(("text", "intent"), [
    # small talk, a rhetorical question, hoping it is not too late: nothing to answer first
    ("Skriv mig på til konferencen. I øvrigt: hvordan går det med dig?", Intent.signup),
    ("Hope you're well – how was the holiday? Please sign me up for the course day.",
     Intent.signup),
    ("Hvem kan sige nej til en hel dag om skønlitteratur? Skriv mig op til kursusdagen.",
     Intent.signup),
    ("Jeg håber ikke, det er for sent? Jeg vil rigtig gerne være med i netværket.",
     Intent.signup),
    ("Måske er jeg lidt sent ude, men jeg vil gerne tilmelde mig konferencen.", Intent.signup),
    ("Hvorfor skal alt altid ligge samme dag?! Jeg må desværre melde afbud.", Intent.cancel),
    # room is capacity's to answer, a question about the invoice the coordinator's later
    ("Jeg vil gerne med på kursusdagen, hvis I stadig har plads.", Intent.signup),
    ("Count me in for the network meeting – unless you've already filled up, of course!",
     Intent.signup),
    ("Jeg tilmelder mig konferencen. Såfremt der måtte opstå spørgsmål vedrørende "
     "faktureringen, bedes De rette henvendelse til undertegnede.", Intent.signup),
    # when she will be there is the journey's, not a doubt
    ("Jeg melder hermed mig selv til kursusdagen. Vi kører sammen derover, så vi regner med at "
     "være der kl. 9.30.", Intent.signup),
    # where the confirmation goes, with the address, is a detail given
    ("Jeg vil gerne med på konferencen. Kan du sende bekræftelsen til min arbejdsmail, "
     "kbl@horsens.dk?", Intent.signup),
])
def test_what_asks_nothing_of_the_coordinator_leaves_a_request_clear(text: str,
                                                                      intent: Intent) -> None:
    assert judge(weigh(text)) == (intent, None)


@pytest.mark.parametrize(("text", "intent"), [
    # "min tilmelding" alone is one she has made already
    ("Jeg har et spørgsmål til min tilmelding.", Intent.question),
    ("Min tilmelding til netværket gælder stadig.", None),
    ("Tak for bekræftelsen af min tilmelding.", Intent.unclear),
    # given here, it is one
    ("Hermed min tilmelding til kursusdagen.", Intent.signup),
    ("Min tilmelding: Anne Holm, Vejle Bibliotekerne.", Intent.signup),
    ("Betragt denne mail som min tilmelding.", Intent.signup),
])
def test_my_registration_is_given_here_or_spoken_of(text: str, intent: Intent | None) -> None:
    assert judge(weigh(text))[0] == intent


@pytest.mark.parametrize(("text", "intent"), [
    # a sign-up that waits on something, in a sentence of its own
    ("Please register me for the CB meeting. P.S. This all hinges on our training budget.",
     Intent.unclear),
    ("Jeg skal kende den samlede pris, før jeg kan få lov af min chef at melde mig til "
     "netværket.", Intent.unclear),
    # a dash before a limit keeps it with what it limits
    ("Skriv også gerne min souschef Bente Rask på – dog med forbehold, for hun ved først "
     "på fredag, om hun kan få fri.", Intent.unclear),
    ("Jeg melder mig hermed til netværket – hvis ikke andet, så for at lære af jer.",
     Intent.signup),
    # an indirect question asks; a main clause of her own after it signs up
    ("Jeg vil gerne høre, om det er muligt for en teamleder at deltage i netværket.",
     Intent.question),
    ("Jeg vil gerne høre, om der er parkering, og så vil jeg gerne tilmelde mig.",
     Intent.signup),
    ("Jeg var på kursusdagen sidste år, så jeg er ikke i tvivl: skriv mig op.", Intent.signup),
])
def test_where_a_doubt_or_a_question_stands_decides_what_it_holds_back(
        text: str, intent: Intent | None) -> None:
    assert judge(weigh(text))[0] == intent, judge(weigh(text))


def test_a_doubt_in_a_new_mails_subject_holds_back_a_firm_text() -> None:
    weighed = with_headline(weigh("Hermed min tilmelding til netværksmødet."),
                            "Foreløbig tilmelding – netværksmøde 27. marts")
    assert judge(weighed)[0] == Intent.unclear


@pytest.mark.parametrize(("text", "intent"), [
    # a doubt about another network than the one signed up for is that network's
    ("Jeg tilmelder mig netværket om hverdagsledelse. Konferencen i Aalborg overvejer jeg "
     "stadig.", Intent.signup),
    ("Skriv mig op til Ledelse af bæredygtighed, tak. Kursusdagen i Vejle er jeg måske også "
     "interesseret i.", Intent.signup),
    ("Jeg tilmelder mig netværket om hverdagsledelse. Måske kan jeg ikke nå det.",
     Intent.unclear),
    # a doubt about the time of arrival or the invoice is about that
    ("Tilmelder mig netværksmødet 27.3. Kommer muligvis 20 min senere, da jeg har møde til "
     "kl 9.", Intent.signup),
    ("Jeg tilmelder mig netværksmødet. Hvis min chef godkender udgiften, sender jeg EAN.",
     Intent.unclear),
])
def test_a_doubt_about_something_else_holds_back_no_sign_up(text: str, intent: Intent) -> None:
    raw = mails.gmail("anbo@vejle.dk", "Anne Bo", "Tilmelding", text, sent=SENT)
    mail = mails.inbound(raw, SENT)
    assert read_intent(text, mail.subject, mail, _Earlier(""), FIVE)[0] == intent


def test_neither_of_us_at_every_meeting_gives_up_no_place() -> None:
    assert judge(weigh("My colleague and I both lead parts of it, but neither of us can "
                       "attend all three meetings."))[0] != Intent.cancel
