// CallSimulator
