"""Common first names in France (of every origin), in English-speaking countries and
elsewhere in Europe, in lower case.

Used by :mod:`bot.redact` to recognise "Prénom Nom" anywhere in a message (a word of this
list followed by a capitalised word) and names typed in lower case after "je suis",
"c'est"... First names that are also common words in a question (france, paris, mai,
max, long, son, ravi, said, bill...) are left out.
"""

from __future__ import annotations

FIRST_NAMES = frozenset(
    """
    aaron abdel abdelkader abdellah abdou abdoulaye adam adama adel adele adèle adrien
    agathe agnes agnès ahmed aicha aïcha aida alain alan alban albane alexandra alexandre
    alexia alexis alfred ali alice alicia aline alix amandine amelie amélie amine amir
    amina anais anaïs andre andré andrea andrée andrew angela angele angèle angelique
    angélique anna anne anne-laure anne-marie anne-sophie annie anthony antoine antonin
    apolline arielle armand arnaud arthur astrid audrey augustin aurelie aurélie aurelien
    aurélien axel aya aymeric baptiste barbara bastien beatrice béatrice benedicte bénédicte
    benjamin benoit benoît bernadette bernard bertrand blandine bruno camille capucine
    carine carla carole caroline catherine cecile cécile celia célia celine céline chantal
    charles charlotte chloe chloé christian christelle christiane christine christophe
    claire clara clarisse claude claudine clement clément clemence clémence coline
    colette constance corentin corinne cyril cyrille damien daniel daniele danielle
    david delphine denis denise diane didier dominique dorothee dorothée dylan edouard
    édouard eleonore éléonore elisa elisabeth élisabeth elise élise ella elodie élodie eloise
    eloïse emilie émilie emile émile emma emmanuel emmanuelle enzo eric éric estelle ethan
    etienne étienne eugenie eugénie eva evelyne éveline fabien fabienne fabrice fanny
    farid fatima fatou fatoumata florence florian francis franck francois françois
    francoise françoise frederic frédéric frederique frédérique gabriel gabrielle gael
    gaël gaelle gaëlle gaetan gaëtan genevieve geneviève georges gerard gérard geraldine
    géraldine gilbert gilles ginette gisele gisèle guillaume gwenaelle hafsa hakim
    hamid hana hanane hassan helene hélène henri herve hervé hicham hugo hugues ibrahim
    ines inès irene irène isabelle jacqueline jacques james jade jean jean-baptiste
    jean-charles jean-claude jean-francois jean-françois jean-luc jean-marc jean-marie
    jean-michel jean-paul jean-pierre jeanne jennifer jeremy jérémy jerome jérôme jessica
    joel joël joelle joëlle johan john jonathan jordan joseph josephine joséphine josette
    judith jules julia julie julien juliette justine kader karim karima karine kevin kévin
    khadija laetitia lætitia laura laure laurence laurent lea léa leila leïla lena léna
    leo léo leon léon lina lionel lisa loic loïc louis louise luc luca lucas lucie lucien
    lucile lucille ludovic lydie lyna madeleine magali malik manon manuel marc marcel
    margaux margot maria marianne marie marie-claire marie-christine marie-france
    marie-hélène marie-laure marie-pierre marine marion marius martin martine mathias
    mathieu mathilde matthieu maud maurice maxence maxime mehdi melanie mélanie
    michel michele michèle micheline mickael mickaël mireille mohamed mohammed monique
    morgane mounir muriel myriam nadia nadine nathalie nathan nicolas nicole nina noah noé
    noemie noémie nora oceane océane odile olivia olivier oscar pascal pascale patrice
    patricia patrick paul paule pauline philippe pierre pierre-yves quentin rachel rachid
    raphael raphaël raphaelle raymond regis régis remi rémi renaud rene rené robert
    rodolphe roger romain romane rose-marie roxane sabine sabrina salima samir samia samuel
    sandra sandrine sarah sebastien sébastien serge severine séverine simon simone
    solene solène sonia sophie stephane stéphane stephanie stéphanie suzanne sylvain
    sylvie tatiana theo théo thibault thibaut thierry thomas timothee timothée tom
    valentin valentine valerie valérie vanessa veronique véronique victor victoria
    vincent virginie vivien xavier yann yannick yasmine yassine youssef yves yvette
    yvonne zoe zoé
    alex amanda amy andy anthony ashley barry ben betty bob brandon brian carol
    charlie chris christopher cynthia dan debbie deborah dennis donald donna doug
    douglas edward elizabeth emily eric frank gary george grace greg hannah harry heather
    helen henry jack jake james jane janet jason jeff jeffrey jenny jerry jessica jim
    joan joe josh joshua joyce justin karen kate katherine kathy keith kelly ken kenneth
    kevin kim kyle larry laura lauren linda lisa liz mary matt matthew megan melissa
    michael michelle mike nancy nick olivia pamela patrick peter rachel rebecca richard
    rick ryan sam sandra sara scott sean sharon stephen steve steven susan tim timothy
    tina tom tony wendy william
    abdel abderrahmane abdelaziz abdelhak abdelkrim ahmad aissa aïssa amel amira anissa
    asma ayoub aziz bilal brahim djamel driss farah fatiha fouad habib hakima hamza
    hind houda ilyes imane ismail ismaël jamal jamila kamel kenza khalid lamia latifa
    leila lotfi malika mariam meriem mohand mourad mustapha nabil nadir naima naïma
    nassim nawel omar rachida rania redouane riad saïd salah salim samira sana
    sofiane soufiane sonia tarek walid wassim yacine yanis yasmina youcef zineb zohra
    amadou aminata awa bakary boubacar cheikh coumba fanta issa mamadou moussa ousmane
    oumar salif seydou souleymane aïssatou kofi kwame chinedu ngozi
    anh bao binh chau cuong dung duc giang hanh hieu hoa hoang hung huong huy
    khanh khoa lan linh minh nam ngoc nhung phuong quang quynh tam thanh
    thao thu thuy trang trinh trung tuan tuyet viet vinh
    chen hui jian jie jing jun lei lin ling mei ming ping qiang wei xia xiao
    xin yan yang ying yong yu yun zhang zhen zhi
    ana antonio beatriz carlos carmen cristina diego eduardo fernando francisco gonzalo
    ines jorge jose josé juan luis luisa manuela marta miguel pablo pedro rafael ricardo
    rosa sergio teresa joão joao paulo rui tiago vasco filipa
    alessandro andrea chiara federica francesca giovanni giulia giuseppe lorenzo luca
    marco matteo paola roberto sara stefano
    agnieszka anna katarzyna krzysztof marek piotr tomasz ewa magdalena
    ahmet ayşe ayse emre elif fatma hasan hüseyin mehmet mustafa murat özlem zeynep
    aarav aditya amit anil arjun deepak divya kavya meera neha pooja priya rahul raj
    rohan sanjay sunil vijay
    dmitri ivan natalia olga sergei svetlana tatiana vladimir yulia
    mark ronald jacob nicholas gregory alexander tyler zachary walter terry gerald carl
    harold lawrence jesse bryan billy bruce logan willie elijah wayne randy ralph bobby
    russell bradley philip eugene margaret kimberly dorothy kathleen shirley brenda
    samantha debra carolyn christina evelyn cheryl martha gloria janice kathryn abigail
    sophia frances judy isabella marilyn beverly natalie theresa diana brittany doris
    kayla lori aoife siobhan niamh ciara saoirse eoin cian liam conor declan padraig orla
    roisin andrzej marcin michal pawel malgorzata joanna valentina sofia alessia elena
    davide javier alejandro lucia isabel pilar hans klaus jurgen stefan wolfgang uwe
    dieter ursula petra monika andreas matthias markus lukas jonas felix maximilian
    katharina johanna hanna tomasz katarzyna
    gaspard perrine maelle maëlle tanguy gwenaëlle erwan ronan maiwenn mathis sacha cedric
    cédric grégory lola heloise héloïse mila brigitte ghislaine josiane marie-claude
    marc-antoine anne-cecile anne-cécile gwen gwendoline soizic maryvonne enora nolwenn
    youenn tristan gauthier baudouin foucauld enguerrand bérénice berenice domitille sixtine
    thi younes rayan salma norah soraya cindy ophelie ophélie gwenael gwénaël yannis goulven
    klervi solenn katell ingrid helga jürgen lars sven erik nils mette anja jana katarina
    paweł jakub kenji yuki oluwaseun chidi aissatou gérald gerald
    """.split()
)
