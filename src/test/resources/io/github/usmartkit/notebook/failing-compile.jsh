System.out.println("step 1 ok");
String guid = dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762").view();
System.out.println("never printed");
